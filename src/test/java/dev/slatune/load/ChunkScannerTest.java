package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.metrics.RequestOutcome;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ChunkScanner} reads chunks exactly as the Jackson reading of {@link ReplyAccumulator} does:
 * every event of every recorded transcript, and tens of thousands of damaged or odd variants of them,
 * give the same outcome read either way; and it reads the common chunks itself, without allocating.
 */
class ChunkScannerTest {

    static final String[] TRANSCRIPTS = {
        "deepseek-reasoning.sse",
        "error-midstream.sse",
        "event-error.sse",
        "litellm-proxy.sse",
        "llamacpp-chat.sse",
        "llamacpp-native.sse",
        "llamacpp-server-usage.sse",
        "ollama-openai.sse",
        "openai-chat.sse",
        "sglang-0.4-reasoning.sse",
        "sglang-chat.sse",
        "sglang-error.sse",
        "tgi-2.0-messages.sse",
        "tgi-2.4-messages.sse",
        "tool-calls.sse",
        "trtllm-multitoken.sse",
        "vllm-chat.sse",
        "vllm-completions.sse",
        "vllm-continuous-usage.sse",
        "vllm-no-usage.sse",
        "vllm-reasoning-both.sse",
        "vllm-reasoning-content.sse",
        "vllm-reasoning.sse"
    };

    /** Pieces that make chunks odd in the ways a scanner could get wrong. */
    static final String[] ODD = {
        "\\u0065",
        "\\\"",
        "\\",
        "\"",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\t",
        "\n",
        "\u0001",
        "null",
        "true",
        "false",
        "-",
        "0",
        "01",
        "1e5",
        "1.5",
        "-0",
        "2147483648",
        "99999999999",
        "\"error\"",
        "\"abort\"",
        "\"message\":\"m\",",
        "\"object\":\"error\",",
        "\"error\":{\"message\":\"boom\"},",
        "\"stop\":true,",
        "\"usage\":{\"completion_tokens\":7},",
        "[{}]",
        "[1]",
        "{\"function\":{\"arguments\":\"x\"}}",
        "é",
        "\u00ff",
        "\uD83D\uDE00",
        "\"content\":\"x\",",
        "\"tool_calls\":[{}],",
        "\"choices\":[null],",
        "\"delta\":null,"
    };

    @Test
    void everyRecordedEventReadsTheSameWithoutJackson() throws IOException {
        int scanned = 0;
        int events = 0;
        for (String file : TRANSCRIPTS) {
            for (String data : events(ReplyTranscriptTest.read(file))) {
                events++;
                assertSameReading(List.of(data), true);
                assertSameReading(List.of(data), false);
                if (new ChunkScanner().scan(bytes(data), 0, bytes(data).length, true)) {
                    scanned++;
                }
            }
            assertSameReading(events(ReplyTranscriptTest.read(file)), true);
        }
        // The scanner is not declining its way to agreement: most recorded chunks are plain.
        assertThat(scanned).isGreaterThan(events * 3 / 4);
    }

    @Test
    void damagedAndOddChunksReadTheSameWithoutJackson() throws IOException {
        List<String> corpus = new ArrayList<>();
        for (String file : TRANSCRIPTS) {
            corpus.addAll(events(ReplyTranscriptTest.read(file)));
        }
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 15_000; round++) {
            String base = corpus.get(random.nextInt(corpus.size()));
            String data = mutate(base, random);
            // Alone, and after a plain content chunk (state carried between events must agree too).
            assertSameReading(List.of(data), random.nextBoolean());
            assertSameReading(List.of(corpus.get(random.nextInt(corpus.size())), data), true);
        }
        for (String base : corpus) {
            for (int cut = 0; cut <= base.length(); cut++) {
                assertSameReading(List.of(base.substring(0, cut)), true);
            }
        }
    }

    @Test
    void readsNumbersAndStringsAsJacksonDoes() {
        String[] chunks = {
            "{\"usage\":{\"completion_tokens\":-3}}",
            "{\"usage\":{\"completion_tokens\":2147483647}}",
            "{\"usage\":{\"completion_tokens\":2147483648}}",
            "{\"usage\":{\"completion_tokens\":16.0,\"prompt_tokens\":1e2}}",
            "{\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":-0}}}",
            "{\"usage\":{\"completion_tokens\":012}}",
            "{\"choices\":[{\"delta\":{\"content\":\"\\u0000\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"\\ud800\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"\u00e9\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":\"ab\\u006frt\"}]}",
            "{\"choices\":[{\"delta\":{\"tool_calls\":[ ]}}],\"stop\":true}",
            "{\"choices\":[],\"usage\":null} trailing garbage",
            " \r\n\t{\"choices\":[{\"delta\":{\"reasoning\":\"r\",\"reasoning_content\":\"r\"}}]}",
            "{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}",
            "{\"a\":[1,]}",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "[]",
            ""
        };
        for (String c : chunks) {
            assertSameReading(List.of(c), true);
            assertSameReading(List.of("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}", c), true);
        }
        // Bytes that are not UTF-8, and a chunk cut in the middle of a UTF-8 sequence.
        byte[] bad = bytes("{\"choices\":[{\"delta\":{\"content\":\"xx\"}}]}");
        int at = new String(bad, StandardCharsets.US_ASCII).indexOf("xx");
        for (int b : new int[] {0x80, 0xC0, 0xC3, 0xE0, 0xED, 0xF4, 0xF5, 0xFF}) {
            byte[] d = bad.clone();
            d[at] = (byte) b;
            assertSameReading(d, d.length);
            assertSameReading(d, at + 1);
        }
    }

    @Test
    void readsOnlyItsOwnBytesOfALargerArray() {
        String plain = "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}";
        byte[] chunk = bytes("xx" + plain + "}]}");
        ChunkScanner s = new ChunkScanner();
        assertThat(s.scan(chunk, 2, plain.length(), true)).isTrue();
        assertThat(s.content).isTrue();
        // Cut before its end, the chunk is not read past it (the array holds the rest there).
        assertThat(s.scan(chunk, 2, plain.length() - 3, true)).isFalse();
    }

    @Test
    void aStreamedReplyAllocatesNoParserPerEvent() {
        byte[] reply = bytes(vllmReply(16));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 2_000; i++) { // warm up: allocation is measured on compiled code
            replay(reply);
        }
        int n = 2_000;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < n; i++) {
            replay(reply);
        }
        long perReply = (threads.getThreadAllocatedBytes(thread) - before) / n;
        // Jackson's parser per event made this about 16 KB per reply of 20 events (bench/RESULTS.md); what
        // remains is the accumulator, the parser, the ITL gaps and the outcome.
        assertThat(perReply).isLessThan(2_000);
    }

    private static RequestOutcome replay(byte[] reply) {
        ReplyAccumulator acc = new ReplyAccumulator(null);
        SseParser parser = new SseParser(acc);
        parser.feed(reply, 0, reply.length, 1);
        parser.end(2);
        RequestOutcome o = acc.finish(0, 0, 3, true, 5);
        assertThat(o.succeeded()).isTrue();
        return o;
    }

    static String vllmReply(int tokens) {
        StringBuilder b = new StringBuilder();
        String head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";
        b.append("data: ")
                .append(head)
                .append(
                        "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        for (int i = 0; i < tokens; i++) {
            b.append("data: ")
                    .append(head)
                    .append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\" w")
                    .append(i)
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        }
        b.append("data: ")
                .append(head)
                .append("\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"length\"}]}\n\n");
        b.append("data: ")
                .append(head)
                .append("\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":")
                .append(tokens)
                .append(",\"total_tokens\":")
                .append(tokens + 5)
                .append("}}\n\ndata: [DONE]\n\n");
        return b.toString();
    }

    private static String mutate(String s, SplittableRandom r) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
            switch (r.nextInt(5)) {
                case 0 -> b.insert(at, ODD[r.nextInt(ODD.length)]);
                case 1 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < b.length()) {
                        b.setCharAt(at, (char) (32 + r.nextInt(95)));
                    }
                }
                case 3 -> {
                    if (at < b.length()) {
                        b.replace(at, Math.min(b.length(), at + 1 + r.nextInt(8)), ODD[r.nextInt(ODD.length)]);
                    }
                }
                default -> b.setLength(at);
            }
        }
        return b.toString();
    }

    /** The outcome of these event data read both ways, compared field by field. */
    private static void assertSameReading(List<String> datas, boolean stream) {
        ReplyAccumulator scanning = new ReplyAccumulator(null, true);
        ReplyAccumulator jackson = new ReplyAccumulator(null, false);
        long t = 0;
        for (String data : datas) {
            byte[] b = bytes("xx" + data + "yy"); // read at an offset, with other bytes after it
            t += 1_000_000;
            if (stream) {
                scanning.onEvent(null, b, 2, b.length - 4, t);
                jackson.onEvent(null, b, 2, b.length - 4, t);
            } else {
                scanning.onBody(b, 2, b.length - 4);
                jackson.onBody(b, 2, b.length - 4);
            }
        }
        assertThat(describe(scanning.finish(0, 0, t + 1, stream, 9)))
                .as("%s", datas)
                .isEqualTo(describe(jackson.finish(0, 0, t + 1, stream, 9)));
    }

    private static void assertSameReading(byte[] data, int length) {
        ReplyAccumulator scanning = new ReplyAccumulator(null, true);
        ReplyAccumulator jackson = new ReplyAccumulator(null, false);
        scanning.onEvent(null, data, 0, length, 5);
        jackson.onEvent(null, data, 0, length, 5);
        assertThat(describe(scanning.finish(0, 0, 6, true, 9)))
                .as("%s", Arrays.toString(data))
                .isEqualTo(describe(jackson.finish(0, 0, 6, true, 9)));
    }

    private static String describe(RequestOutcome o) {
        return o.firstTokenNanos() + " " + o.endNanos() + " " + o.inputTokens() + " " + o.outputTokens() + " "
                + o.outputTokensFromUsage() + " " + Arrays.toString(o.itlNanos()) + " " + o.error() + " "
                + o.cachedTokens() + " " + o.errorMessage();
    }

    /** The data of each event of a transcript (LF framing, one data line per event as recorded). */
    private static List<String> events(String transcript) {
        List<String> out = new ArrayList<>();
        SseParser p = new SseParser((type, data, off, len, at) -> {
            if (type == null) {
                out.add(new String(data, off, len, StandardCharsets.UTF_8));
            }
        });
        byte[] b = bytes(transcript);
        p.feed(b, 0, b.length, 0);
        p.end(0);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
