package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code load --run K} is a prompt ordinal: the operator and {@code tune} give every (probe, run, share,
 * retry) its own K, and no two ordinals may send a prompt the server could answer from its prefix
 * cache. A prefix cache matches whole blocks of leading tokens (16 in vLLM), so besides whole prompts
 * the leading words of prompts must differ between ordinals.
 */
class FreshPromptsTest {

    static final int PER_RUN = 100;
    static final int HEAD_WORDS = 8;
    final TokenCounter approx = new ApproximateTokenCounter();

    static List<Integer> ordinals() {
        List<Integer> ks = new ArrayList<>(IntStream.range(0, 200).boxed().toList());
        ks.addAll(List.of(1 << 20, 1_000_003, Integer.MAX_VALUE - 1, Integer.MAX_VALUE));
        return ks;
    }

    @Test
    void randomPromptsOfDifferentOrdinalsShareNoPromptAndNoLeadingBlock() {
        Map<String, Integer> whole = new HashMap<>();
        Map<String, Integer> heads = new HashMap<>();
        for (int k : ordinals()) {
            RandomPromptSource s = new RandomPromptSource(approx, HEAD_WORDS, 64, 0, 42, k);
            for (int i = 0; i < PER_RUN; i++) {
                String text = s.next().text();
                Integer other = whole.put(text, k);
                assertThat(other == null || other == k)
                        .as("prompt of ordinal %d also sent by %s", k, other)
                        .isTrue();
                String head = head(text);
                Integer headOwner = heads.putIfAbsent(head, k);
                assertThat(headOwner == null || headOwner == k)
                        .as("ordinals %d and %s start a prompt with the same %d words", k, headOwner, HEAD_WORDS)
                        .isTrue();
            }
        }
    }

    @Test
    void theSharedPrefixIsFreshForEveryOrdinal() {
        Map<String, Integer> prefixes = new HashMap<>();
        for (int k : ordinals()) {
            String text = new RandomPromptSource(approx, 4, 4, 32, 42, k).next().text();
            String prefix = head(text);
            assertThat(prefixes.put(prefix, k)).as("prefix of ordinal %d", k).isNull();
        }
    }

    @Test
    void theSameOrdinalRepeatsItselfExactly() {
        RandomPromptSource a = new RandomPromptSource(approx, 8, 64, 16, 42, 7);
        RandomPromptSource b = new RandomPromptSource(approx, 8, 64, 16, 42, 7);
        for (int i = 0; i < 20; i++) {
            assertThat(a.next().text()).isEqualTo(b.next().text());
        }
    }

    @Test
    void fileOrdinalsTakeDisjointRangesWhileTheFileLasts(@TempDir Path tmp) throws IOException {
        int ordinals = 20;
        Path f = tmp.resolve("prompts.txt");
        Files.write(
                f,
                IntStream.range(0, ordinals * PER_RUN)
                        .mapToObj(i -> "prompt number " + i)
                        .toList());
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < ordinals; k++) {
            FilePromptSource s = FilePromptSource.open(Dataset.LINE_BY_LINE, f, approx, k, PER_RUN);
            for (int i = 0; i < PER_RUN; i++) {
                assertThat(seen.put(s.next().text(), k)).as("ordinal %d", k).isNull();
            }
        }
    }

    private static String head(String text) {
        String[] w = text.trim().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(w, Math.min(w.length, HEAD_WORDS)));
    }
}
