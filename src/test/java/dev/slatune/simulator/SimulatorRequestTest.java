package dev.slatune.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.RealTime;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request handling: output lengths, finish reasons, rejected bodies and the side endpoints. */
@RealTime
class SimulatorRequestTest {

    private static SimulatorServer sim;
    private static String chat;

    @BeforeAll
    static void start() {
        sim = SimulatorServer.start(
                SimulatorConfig.defaults().withCapacity(CapacityModel.ZERO).withDefaultOutput(new TokenRange(5, 9)));
        chat = sim.baseUrl() + "/v1/chat/completions";
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static JsonObject usage(SimHttp.Reply r) {
        List<String> ev = r.events();
        return new JsonObject(ev.get(ev.size() - 2)).getJsonObject("usage");
    }

    private static long contentEvents(SimHttp.Reply r) {
        return r.events().stream()
                .filter(e -> e.contains("\"delta\":{\"content\":\"") && !e.contains("\"content\":\"\""))
                .count();
    }

    @Test
    void maxTokensIsHonouredExactly() {
        SimHttp.Reply r = SimHttp.post(chat, SimHttp.chatBody("Tell me a story", 37, true, true));
        assertThat(usage(r).getInteger("completion_tokens")).isEqualTo(37);
        assertThat(usage(r).getInteger("prompt_tokens")).isEqualTo(4); // 15 characters / 4, rounded up
        assertThat(contentEvents(r)).isEqualTo(37);
        assertThat(r.events().get(r.events().size() - 3)).contains("\"finish_reason\":\"length\"");
        assertThat(r.events().get(r.events().size() - 1)).isEqualTo("[DONE]");
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        SimHttp.Reply r = SimHttp.post(
                chat,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":50,"
                        + "\"max_completion_tokens\":3,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(usage(r).getInteger("completion_tokens")).isEqualTo(3);
    }

    @Test
    void withoutMaxTokensTheLengthIsDrawnFromTheDefaultRangeAndEndsWithStop() {
        for (int i = 0; i < 20; i++) {
            SimHttp.Reply r = SimHttp.post(chat, SimHttp.chatBody("hi", null, true, true));
            int n = usage(r).getInteger("completion_tokens");
            assertThat(n).isBetween(5, 9);
            assertThat(contentEvents(r)).isEqualTo(n - 1); // the end-of-sequence token carries no text
            assertThat(r.events().get(r.events().size() - 3))
                    .contains("\"delta\":{\"content\":\"\"}")
                    .contains("\"finish_reason\":\"stop\"");
        }
    }

    @Test
    void minTokensRaisesTheNaturalLengthAndIgnoreEosRunsToTheRangeMaximum() {
        SimHttp.Reply min = SimHttp.post(
                chat,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"min_tokens\":30,"
                        + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(usage(min).getInteger("completion_tokens")).isEqualTo(31);
        SimHttp.Reply eos = SimHttp.post(
                chat,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"ignore_eos\":true,"
                        + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(usage(eos).getInteger("completion_tokens")).isEqualTo(9);
        assertThat(eos.body()).contains("\"finish_reason\":\"length\"");
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        SimHttp.Reply r = SimHttp.post(chat, SimHttp.chatBody("hi", 4, true, false));
        assertThat(r.body()).doesNotContain("usage");
        assertThat(r.events()).hasSize(1 + 4 + 1);
    }

    @Test
    void nonStreamingAnswerCarriesUsageAndTheWholeText() {
        SimHttp.Reply r = SimHttp.post(chat, SimHttp.chatBody("hi", 6, false, false));
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getJsonObject("usage").getInteger("completion_tokens")).isEqualTo(6);
        String content = body.getJsonArray("choices")
                .getJsonObject(0)
                .getJsonObject("message")
                .getString("content");
        assertThat(content).isNotBlank();
    }

    @Test
    void completionsPromptAsTokenIdsCountsTheIds() {
        SimHttp.Reply r = SimHttp.post(
                sim.baseUrl() + "/v1/completions", "{\"prompt\":[1,2,3,4,5,6,7,8,9,10,11],\"max_tokens\":2}");
        assertThat(new JsonObject(r.body()).getJsonObject("usage").getInteger("prompt_tokens"))
                .isEqualTo(11);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "not JSON                     | {\"messages\":                                                        | not valid JSON",
                "an array                     | [1,2]                                                                | must be a JSON object",
                "no messages                  | {\"model\":\"slatune-sim\"}                                          | 'messages' is required",
                "empty messages               | {\"messages\":[]}                                                   | 'messages' is required",
                "message without role         | {\"messages\":[{\"content\":\"hi\"}]}                               | messages[0].role",
                "content of a wrong type      | {\"messages\":[{\"role\":\"user\",\"content\":5}]}                  | messages[0].content",
                "max_tokens zero              | {\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":0}      | 'max_tokens' must be at least 1",
                "max_tokens text              | {\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":\"9\"}  | 'max_tokens' must be a non-negative integer",
                "min_tokens above max_tokens  | {\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":2,\"min_tokens\":3} | min_tokens must be less",
                "n of two                     | {\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"n\":2}              | only n=1",
                "stream_options, no stream    | {\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"stream_options\":{\"include_usage\":true}} | only be defined when",
                "stream not a boolean         | {\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"stream\":\"yes\"}   | 'stream' must be true or false",
                "beyond the context length    | {\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":40000} | maximum context length is 32768",
            })
    void malformedBodiesGet400WithAnOpenAiShapedError(String name, String body, String message) {
        SimHttp.Reply r = SimHttp.post(chat, body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/json");
        JsonObject error = new JsonObject(r.body()).getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("BadRequestError");
        assertThat(error.getInteger("code")).isEqualTo(400);
        assertThat(error.containsKey("param")).isTrue();
        assertThat(error.getString("message")).contains(message);
    }

    @Test
    void completionsWithoutPromptGet400() {
        SimHttp.Reply r = SimHttp.post(sim.baseUrl() + "/v1/completions", "{\"max_tokens\":3}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("'prompt' is required");
    }

    @Test
    void anotherModelGets404AsFromVllm() {
        SimHttp.Reply r =
                SimHttp.post(chat, "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message"))
                .isEqualTo("The model `gpt-9` does not exist.");
    }

    @Test
    void modelsHealthAndUnknownRoutes() {
        JsonObject models =
                new JsonObject(SimHttp.get(sim.baseUrl() + "/v1/models").body());
        assertThat(models.getString("object")).isEqualTo("list");
        assertThat(models.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("slatune-sim");
        assertThat(SimHttp.get(sim.baseUrl() + "/health").status()).isEqualTo(200);
        assertThat(SimHttp.get(sim.baseUrl() + "/v2/nothing").status()).isEqualTo(404);
        assertThat(SimHttp.get(chat).status()).isEqualTo(405);
    }

    @Test
    void metricsCountGeneratedTokensInPrometheusText() {
        long before = sim.metrics().generationTokens();
        SimHttp.post(chat, SimHttp.chatBody("hi", 11, true, false));
        SimHttp.Reply m = SimHttp.get(sim.baseUrl() + "/metrics");
        assertThat(m.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(m.body())
                .contains(
                        "# TYPE vllm:num_requests_running gauge",
                        "vllm:num_requests_running{model_name=\"slatune-sim\"} ",
                        "vllm:num_requests_waiting{model_name=\"slatune-sim\"} ",
                        "# TYPE vllm:generation_tokens_total counter");
        long counted = Long.parseLong(m.body()
                .lines()
                .filter(l -> l.startsWith("vllm:generation_tokens_total"))
                .findFirst()
                .orElseThrow()
                .replaceAll(".* ", ""));
        assertThat(counted).isGreaterThanOrEqualTo(before + 11);
    }
}
