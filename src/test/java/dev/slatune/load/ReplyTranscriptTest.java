package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.metrics.ErrorKind;
import dev.slatune.metrics.RequestOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metric derivation on recorded SSE transcripts (src/test/resources/sse): each segment of a
 * transcript (an event and its blank line) is "read" 1 ms after the previous one, so TTFT, the end
 * and ITL land on known instants; every transcript is replayed with LF, CRLF and CR line ends and
 * split whole, per segment, into single bytes and into random pieces.
 */
class ReplyTranscriptTest {

    static final long MS = 1_000_000L;
    static final int PROMPT_FALLBACK = 99;

    /** One "token" per code point: multi-byte UTF-8 must survive sequences split across reads. */
    static final TokenCounter CODE_POINTS = new TokenCounter() {
        @Override
        public int count(String text) {
            return text.codePointCount(0, text.length());
        }

        @Override
        public String randomText(int tokens, SplittableRandom random) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean exact() {
            return true;
        }

        @Override
        public String describe() {
            return "code points";
        }
    };

    enum Framing {
        LF,
        CRLF,
        CR
    }

    enum Split {
        SEGMENT,
        BYTES,
        RANDOM
    }

    /** file, success kind (null = ok), first content ms, last content ms, output tokens, from usage, input tokens. */
    static Stream<Arguments> transcripts() {
        List<Arguments> cases = List.of(
                Arguments.of("vllm-chat.sse", null, 2, 5, 5, true, 30),
                Arguments.of("vllm-continuous-usage.sse", null, 2, 4, 3, true, 15),
                Arguments.of("vllm-reasoning.sse", null, 2, 4, 8, true, 12),
                Arguments.of("vllm-completions.sse", null, 1, 3, 3, true, 4),
                Arguments.of("vllm-no-usage.sse", null, 2, 4, 3, false, PROMPT_FALLBACK),
                Arguments.of("sglang-chat.sse", null, 2, 3, 3, true, 30),
                Arguments.of("sglang-error.sse", ErrorKind.STREAM_ERROR, 0, 0, 0, false, 0),
                Arguments.of("llamacpp-chat.sse", null, 2, 4, 4, true, 17),
                Arguments.of("llamacpp-native.sse", null, 1, 2, 2, false, PROMPT_FALLBACK),
                Arguments.of("openai-chat.sse", null, 2, 3, 2, true, 9),
                Arguments.of("deepseek-reasoning.sse", null, 2, 4, 9, true, 11),
                Arguments.of("tool-calls.sse", null, 2, 4, 12, true, 50),
                Arguments.of("error-midstream.sse", ErrorKind.STREAM_ERROR, 0, 0, 0, false, 0),
                Arguments.of("event-error.sse", ErrorKind.STREAM_ERROR, 0, 0, 0, false, 0),
                // Server families, shapes as recorded in public material (see README.md there).
                Arguments.of("sglang-0.4-reasoning.sse", null, 2, 5, 7, true, 12),
                Arguments.of("tgi-2.4-messages.sse", null, 1, 3, 3, false, PROMPT_FALLBACK),
                Arguments.of("tgi-2.0-messages.sse", null, 1, 3, 3, false, PROMPT_FALLBACK),
                Arguments.of("llamacpp-server-usage.sse", null, 2, 4, 4, true, 237),
                Arguments.of("ollama-openai.sse", null, 1, 4, 14, true, 32),
                Arguments.of("litellm-proxy.sse", null, 2, 3, 2, true, 9),
                Arguments.of("vllm-reasoning-content.sse", null, 2, 5, 9, true, 70),
                Arguments.of("vllm-reasoning-both.sse", null, 2, 4, 3, false, PROMPT_FALLBACK),
                Arguments.of("trtllm-multitoken.sse", null, 2, 4, 12, true, 8));
        List<Arguments> all = new ArrayList<>();
        for (Arguments c : cases) {
            for (Framing f : Framing.values()) {
                for (Split s : Split.values()) {
                    Object[] a = c.get();
                    all.add(Arguments.of(a[0], f, s, a[1], a[2], a[3], a[4], a[5], a[6]));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("transcripts")
    void derivesMetricsPerDesign(
            String file,
            Framing framing,
            Split split,
            ErrorKind error,
            int firstMs,
            int lastMs,
            int outputTokens,
            boolean fromUsage,
            int inputTokens)
            throws IOException {
        RequestOutcome o = replay(read(file), framing, split, null);
        if (error != null) {
            assertThat(o.error()).isEqualTo(error);
            return;
        }
        assertThat(o.error()).isNull();
        assertThat(o.firstTokenNanos()).isEqualTo(firstMs * MS);
        assertThat(o.endNanos()).isEqualTo(lastMs * MS);
        assertThat(o.outputTokens()).isEqualTo(outputTokens);
        assertThat(o.outputTokensFromUsage()).isEqualTo(fromUsage);
        assertThat(o.inputTokens()).isEqualTo(inputTokens);
        // ITL: one gap per content-bearing event after the first, each the 1 ms between reads.
        assertThat(o.itlNanos()).hasSize(lastMs - firstMs).containsOnly(MS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splitOnly")
    void usageLessStreamsAreCountedByTheTokenizerWhenOneIsConfigured(Split split) throws IOException {
        // One "token" per code point: the Chinese text must survive UTF-8 sequences split across reads.
        RequestOutcome o = replay(read("vllm-no-usage.sse"), Framing.LF, split, CODE_POINTS);
        assertThat(o.outputTokens()).isEqualTo(6); // 我是 一个 测试
        assertThat(o.outputTokensFromUsage()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splitOnly")
    void reasoningUnderBothOfVllmsNamesIsCountedOnce(Split split) throws IOException {
        RequestOutcome o = replay(read("vllm-reasoning-both.sse"), Framing.LF, split, CODE_POINTS);
        assertThat(o.outputTokens()).isEqualTo(4); // 思考 中 好, not 思考思考 中中 好
    }

    static Stream<Split> splitOnly() {
        return Stream.of(Split.values());
    }

    static String read(String file) throws IOException {
        try (InputStream in = ReplyTranscriptTest.class.getResourceAsStream("/sse/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Feeds the transcript; segment i (ending in its blank line) is read at (i+1) ms. */
    static RequestOutcome replay(String body, Framing framing, Split split, TokenCounter counter) {
        ReplyAccumulator acc = new ReplyAccumulator(counter);
        SseParser parser = new SseParser(acc);
        String[] segments = body.split("(?<=\n\n)");
        Random random = new Random(1);
        long t = 0;
        for (String seg : segments) {
            t += MS;
            String framed = switch (framing) {
                case LF -> seg;
                case CRLF -> seg.replace("\n", "\r\n");
                case CR -> seg.replace("\n", "\r");
            };
            byte[] b = framed.getBytes(StandardCharsets.UTF_8);
            switch (split) {
                case SEGMENT -> parser.feed(b, 0, b.length, t);
                case BYTES -> {
                    for (int i = 0; i < b.length; i++) {
                        parser.feed(b, i, 1, t);
                    }
                }
                case RANDOM -> {
                    for (int i = 0; i < b.length; ) {
                        int n = Math.min(b.length - i, 1 + random.nextInt(40));
                        parser.feed(b, i, n, t);
                        i += n;
                    }
                }
            }
        }
        parser.end(t + MS);
        return acc.finish(0, 0, t + MS, true, PROMPT_FALLBACK);
    }
}
