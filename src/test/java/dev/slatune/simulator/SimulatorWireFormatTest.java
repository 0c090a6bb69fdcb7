package dev.slatune.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.RealTime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The simulator's responses against recorded vLLM output (src/test/resources/vllm), byte for byte
 * once ids, timestamps and generated words are normalised.
 */
@RealTime
class SimulatorWireFormatTest {

    private static SimulatorConfig config(String model, String defaultOutput) {
        return SimulatorConfig.defaults()
                .withModel(model)
                .withCapacity(CapacityModel.ZERO)
                .withDefaultOutput(TokenRange.parse(defaultOutput));
    }

    @Test
    void chatStreamEndingAtMaxTokensWithUsageMatchesVllm() {
        // The recording: 6421 prompt tokens, max_tokens 5, include_usage.
        try (SimulatorServer sim = SimulatorServer.start(config("vllm-model", "64-256"))) {
            SimHttp.Reply r = SimHttp.post(
                    sim.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"vllm-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(6421 * 4)
                            + "\"}],\"max_tokens\":5,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).isEqualTo("text/event-stream; charset=utf-8");
            assertSameWire(r.body(), fixture("chat-stream-length-usage.sse"));
        }
    }

    @Test
    void chatStreamEndingWithEndOfSequenceMatchesVllm() {
        try (SimulatorServer sim = SimulatorServer.start(config("/home/jovyan/qwen3-8b", "4"))) {
            SimHttp.Reply r = SimHttp.post(
                    sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("How are you?", null, true, false));
            assertSameWire(r.body(), fixture("chat-stream-stop.sse"));
        }
    }

    @Test
    void completionsStreamMatchesVllm() {
        try (SimulatorServer sim = SimulatorServer.start(config("Qwen/Qwen3-4B", "64-256"))) {
            SimHttp.Reply r = SimHttp.post(
                    sim.baseUrl() + "/v1/completions",
                    "{\"model\":\"Qwen/Qwen3-4B\",\"prompt\":\"San Francisco is a\",\"max_tokens\":7,\"stream\":true}");
            assertSameWire(r.body(), fixture("completions-stream-length.sse"));
        }
    }

    @Test
    void chatWithoutStreamingMatchesVllm() {
        // 6 prompt tokens (24 characters / 4), 12 output tokens ending with end-of-sequence.
        try (SimulatorServer sim = SimulatorServer.start(config("deepseek", "12"))) {
            SimHttp.Reply r = SimHttp.post(
                    sim.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"deepseek\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello! Who are you then?\"}]}");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertSameWire(r.body(), fixture("chat-nonstream-stop.json"));
        }
    }

    @Test
    void completionsWithoutStreamingMatchesVllm() {
        try (SimulatorServer sim = SimulatorServer.start(config("Qwen/Qwen3-4B", "64-256"))) {
            SimHttp.Reply r = SimHttp.post(
                    sim.baseUrl() + "/v1/completions",
                    "{\"model\":\"Qwen/Qwen3-4B\",\"prompt\":\"San Francisco\",\"max_tokens\":32,\"temperature\":0}");
            assertSameWire(r.body(), fixture("completions-nonstream-length.json"));
        }
    }

    @Test
    void normalisationKeepsEmptyContentDistinct() {
        // Guards the comparison itself: a role chunk must not normalise into a content chunk.
        assertThat(normalise("{\"content\":\"\"}")).isNotEqualTo(normalise("{\"content\":\"x\"}"));
        assertThat(normalise("{\"id\":\"a\",\"created\":1,\"text\":\"a\\\"b\"}"))
                .isEqualTo("{\"id\":\"ID\",\"created\":0,\"text\":\"TEXT\"}");
    }

    private static void assertSameWire(String actual, String recorded) {
        assertThat(normalise(actual)).isEqualTo(normalise(recorded));
    }

    static String normalise(String s) {
        return s.replaceAll("\"id\":\"[^\"]*\"", "\"id\":\"ID\"")
                .replaceAll("\"created\":\\d+", "\"created\":0")
                .replaceAll("\"(content|text)\":\"(?:[^\"\\\\]|\\\\.)+\"", "\"$1\":\"TEXT\"");
    }

    private static String fixture(String name) {
        try (InputStream in = SimulatorWireFormatTest.class.getResourceAsStream("/vllm/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
