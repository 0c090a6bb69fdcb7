package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request parameters of {@code evalscope perf} reach the body under EvalScope's key names (its
 * openai_api.py {@code __compose_query_from_parameter}), a query template is the base of every body, and the
 * openqa and custom datasets read EvalScope's file formats.
 */
class RequestParametersTest {

    @TempDir
    Path tmp;

    private static JsonNode render(LoadSpec.Sampling sampling, Double temperature) throws IOException {
        RequestBodies b = new RequestBodies(PromptsAndBodiesTest.spec(
                Api.OPENAI, new LoadSpec.Body(true, 64, 64, null, temperature, null, sampling)));
        return PromptsAndBodiesTest.json(b.render(new Prompt("hello", null, 1)));
    }

    @Test
    void everySamplingParameterIsSentUnderEvalScopesName() throws IOException {
        JsonNode n = render(
                new LoadSpec.Sampling(List.of("</s>", "\n\n"), List.of(2, 7), 0.9, 20, 0.1, 1.05, 7L, 2, true, null),
                0.0);
        assertThat(n.get("stop")).hasSize(2);
        assertThat(n.get("stop").get(0).asText()).isEqualTo("</s>");
        assertThat(n.get("stop_token_ids").get(1).asInt()).isEqualTo(7);
        assertThat(n.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(n.get("top_k").asInt()).isEqualTo(20);
        assertThat(n.get("frequency_penalty").asDouble()).isEqualTo(0.1);
        assertThat(n.get("repetition_penalty").asDouble()).isEqualTo(1.05);
        assertThat(n.get("seed").asLong()).isEqualTo(7);
        assertThat(n.get("n").asInt()).isEqualTo(2);
        assertThat(n.get("logprobs").asBoolean()).isTrue();
        assertThat(n.get("temperature").asDouble()).isEqualTo(0.0);
    }

    @Test
    void unsetParametersAreNotSent() throws IOException {
        JsonNode n = render(LoadSpec.Sampling.NONE, null);
        for (String k : List.of(
                "stop",
                "stop_token_ids",
                "top_p",
                "top_k",
                "frequency_penalty",
                "repetition_penalty",
                "seed",
                "n",
                "logprobs",
                "temperature")) {
            assertThat(n.has(k)).as(k).isFalse();
        }
    }

    @Test
    void aQueryTemplateIsTheBaseAndTheFlagsWin() throws IOException {
        Path t = tmp.resolve("template.json");
        Files.writeString(
                t,
                "{\"model\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"old\"}], "
                        + "\"max_tokens\": 1, \"ignore_eos\": true}");
        JsonNode n = render(new LoadSpec.Sampling(null, null, null, null, null, null, null, null, null, "@" + t), null);
        assertThat(n.get("ignore_eos").asBoolean()).isTrue();
        assertThat(n.get("model").asText()).isEqualTo("m");
        assertThat(n.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(n.at("/messages/0/content").asText()).isEqualTo("hello");
        assertThat(n.get("messages")).hasSize(1);
        assertThatThrownBy(() -> new LoadSpec.Sampling(null, null, null, null, null, null, null, null, null, "[1]"))
                .hasMessageContaining("--query-template");
    }

    @Test
    void openqaReadsQuestionsAndCustomReadsLines() throws IOException {
        Path qa = tmp.resolve("open_qa.jsonl");
        Files.writeString(
                qa, "{\"question\": \"  Why?  \", \"human_answers\": [\"because\"]}\n\n{\"question\": \"How?\"}\n");
        TokenCounter approx = new ApproximateTokenCounter();
        FilePromptSource s = FilePromptSource.open(Dataset.OPENQA, qa, approx, 0, 1);
        assertThat(s.next().text()).isEqualTo("Why?");
        assertThat(s.next().text()).isEqualTo("How?");
        Files.writeString(qa, "{\"prompt\": \"no question\"}\n");
        assertThatThrownBy(() -> FilePromptSource.open(Dataset.OPENQA, qa, approx, 0, 1))
                .hasMessageContaining("--dataset openqa expects {\"question\": \"...\"}");
        Path lines = tmp.resolve("custom.txt");
        Files.writeString(lines, " first \nsecond\n");
        assertThat(FilePromptSource.open(Dataset.CUSTOM, lines, approx, 0, 1)
                        .next()
                        .text())
                .isEqualTo("first");
    }

    @Test
    void bodiesWrittenFieldByFieldAreTheTreesBytes() throws IOException {
        var messages = ReplyAccumulator.JSON.readTree(
                "[{\"role\":\"system\",\"content\":\"s \\\"q\\\" é\"},{\"role\":\"user\",\"content\":\"u\"}]");
        List<LoadSpec.Sampling> samplings = List.of(
                LoadSpec.Sampling.NONE,
                new LoadSpec.Sampling(List.of("</s>", "\n\n"), List.of(2, 7), 0.9, 20, 0.1, 1.05, 7L, 2, true, null),
                new LoadSpec.Sampling(List.of(), List.of(), 1.0, -1, -0.5, 1e-9, -3L, 1, false, null));
        List<Prompt> prompts = List.of(
                new Prompt("hello", null, 1),
                new Prompt("quote \" tab \t 思考 \u0001", null, 3),
                new Prompt("s", messages, 2));
        int compared = 0;
        for (Api api : Api.values()) {
            for (boolean stream : new boolean[] {true, false}) {
                for (LoadSpec.Sampling sampling : samplings) {
                    for (Double temperature : new Double[] {null, 0.0, 0.7}) {
                        for (Integer minTokens : new Integer[] {null, 4}) {
                            LoadSpec spec = PromptsAndBodiesTest.spec(
                                    api, new LoadSpec.Body(stream, 8, 64, minTokens, temperature, null, sampling));
                            RequestBodies fields = new RequestBodies(spec);
                            RequestBodies tree = new RequestBodies(spec); // same seed: same max_tokens draws
                            for (Prompt p : prompts) {
                                for (int i = 0; i < 3; i++) {
                                    assertThat(new String(fields.render(p), java.nio.charset.StandardCharsets.UTF_8))
                                            .isEqualTo(new String(
                                                    tree.renderTree(p), java.nio.charset.StandardCharsets.UTF_8));
                                    compared++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(2 * 2 * 3 * 3 * 2 * 3 * 3);
    }
}
