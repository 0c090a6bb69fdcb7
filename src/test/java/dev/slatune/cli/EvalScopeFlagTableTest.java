package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/evalscope.md's flag table lists every option of {@code tune} and {@code perf} (picocli's and the EvalScope
 * flags {@link EvalScopeFlags} accepts or refuses) and nothing else; statuses match what the code does.
 */
class EvalScopeFlagTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(--[a-z0-9-]+)` \\|.*\\| ([a-z ]+) \\|$");

    @Test
    void theTableListsEveryOptionAndNothingElse() throws Exception {
        Set<String> documented = new TreeSet<>();
        java.util.Map<String, String> status = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/evalscope.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                assertThat(documented.add(m.group(1)))
                        .as("listed twice: " + m.group(1))
                        .isTrue();
                status.put(m.group(1), m.group(2).strip());
            }
        }
        Set<String> options = new TreeSet<>();
        for (Class<?> c : new Class<?>[] {TuneCommand.class, PerfCommand.class}) {
            for (OptionSpec o : new CommandLine(c).getCommandSpec().options()) {
                if (!o.usageHelp() && !o.versionHelp()) {
                    options.add(o.longestName());
                }
            }
        }
        options.addAll(EvalScopeFlags.HANDLED.keySet());
        assertThat(documented).isEqualTo(options);
        EvalScopeFlags.HANDLED.forEach((flag, h) -> assertThat(status.get(flag))
                .as(flag)
                .isEqualTo(h.kind() == EvalScopeFlags.Kind.REFUSED ? "refused" : "no effect"));
        assertThat(status.values())
                .allMatch(s -> Set.of("honoured", "differs", "no effect", "refused", "slatune")
                        .contains(s));
    }
}
