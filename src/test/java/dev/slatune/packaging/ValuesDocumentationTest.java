package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every value in values.yaml is explained: each leaf has a comment right above it, or sits inside
 * a block whose key has one (a comment on `resources:` documents its requests and limits).
 */
class ValuesDocumentationTest {

    static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][\\w.-]*):(.*)$");

    /** A key seen on the way down, and whether it (or a block around it) is commented. */
    record Open(int indent, boolean covered) {}

    @Test
    void everyValueHasAComment() throws IOException {
        assertThat(undocumented(Files.readAllLines(Chart.DIR.resolve("values.yaml"))))
                .isEmpty();
    }

    @Test
    void anUncommentedValueIsFound() {
        List<String> lines = List.of(
                "# -- documented",
                "a: 1",
                "block:",
                "  # -- documented",
                "  b: 2",
                "  c: 3",
                "# -- the whole block",
                "resources:",
                "  limits:",
                "    cpu: 1");

        assertThat(undocumented(lines)).containsExactly("block.c (line 6)");
    }

    static List<String> undocumented(List<String> lines) {
        List<String> missing = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        Deque<String> path = new ArrayDeque<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = KEY.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!open.isEmpty() && open.peek().indent() >= indent) {
                open.pop();
                path.pop();
            }
            boolean commented = previousNonBlank(lines, i).trim().startsWith("#");
            boolean covered = commented || open.stream().anyMatch(Open::covered);
            boolean leaf = !m.group(3).isBlank() || nextKeyIndent(lines, i) <= indent;
            path.push(m.group(2));
            open.push(new Open(indent, covered));
            if (leaf && !covered) {
                List<String> names = new ArrayList<>(path);
                java.util.Collections.reverse(names);
                missing.add(String.join(".", names) + " (line " + (i + 1) + ")");
            }
        }
        return missing;
    }

    private static String previousNonBlank(List<String> lines, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (!lines.get(j).isBlank()) {
                return lines.get(j);
            }
        }
        return "";
    }

    /** Indent of the next key line, or -1 at the end: a list item ("- ...") is content, not a key. */
    private static int nextKeyIndent(List<String> lines, int i) {
        for (int j = i + 1; j < lines.size(); j++) {
            String line = lines.get(j);
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            if (line.trim().startsWith("- ")) {
                return Integer.MAX_VALUE;
            }
            Matcher m = KEY.matcher(line);
            return m.matches() ? m.group(1).length() : Integer.MAX_VALUE;
        }
        return -1;
    }
}
