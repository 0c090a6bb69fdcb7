package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slatune.metrics.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt files (line_by_line, jsonl), their rotation per run, and the request bodies built from prompts. */
class PromptsAndBodiesTest {

    @TempDir
    Path tmp;

    final TokenCounter approx = new ApproximateTokenCounter();

    @Test
    void lineByLineSkipsBlankLinesAndWrapsAround() throws IOException {
        Path f = Files.writeString(tmp.resolve("p.txt"), "first prompt\n\nsecond\nthird\n");
        FilePromptSource s = FilePromptSource.open(Dataset.LINE_BY_LINE, f, approx, 0, 10);
        assertThat(s.next().text()).isEqualTo("first prompt");
        assertThat(s.next().text()).isEqualTo("second");
        assertThat(s.next().text()).isEqualTo("third");
        Prompt again = s.next();
        assertThat(again.text()).isEqualTo("first prompt");
        assertThat(again.tokens()).isEqualTo(3); // 12 bytes, 4 per token
    }

    @Test
    void eachRunStartsWhereThePreviousRunStopped() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("prompt ").append(i).append('\n');
        }
        Path f = Files.writeString(tmp.resolve("p.txt"), sb.toString());
        Set<String> run0 = new HashSet<>();
        Set<String> run1 = new HashSet<>();
        FilePromptSource a = FilePromptSource.open(Dataset.LINE_BY_LINE, f, approx, 0, 30);
        FilePromptSource b = FilePromptSource.open(Dataset.LINE_BY_LINE, f, approx, 1, 30);
        for (int i = 0; i < 30; i++) {
            run0.add(a.next().text());
            run1.add(b.next().text());
        }
        assertThat(run0).doesNotContainAnyElementsOf(run1); // no prompt of run 1 is in the server's cache from run 0
        assertThat(run1).contains("prompt 30", "prompt 59");
    }

    @Test
    void jsonlTakesPromptsOrMessages() throws IOException {
        Path f = Files.writeString(tmp.resolve("p.jsonl"), """
                {"prompt": "tell me a story"}
                {"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]}
                """, StandardCharsets.UTF_8);
        FilePromptSource s = FilePromptSource.open(Dataset.JSONL, f, approx, 0, 2);
        Prompt p = s.next();
        assertThat(p.text()).isEqualTo("tell me a story");
        assertThat(p.messages()).isNull();
        Prompt m = s.next();
        assertThat(m.messages()).hasSize(2);
        assertThat(m.text()).isEqualTo("be brief\nhi");
    }

    @Test
    void malformedFilesAreBadConfigurationWithTheLine() throws IOException {
        Path notJson = Files.writeString(tmp.resolve("a.jsonl"), "{\"prompt\": \"ok\"}\n{oops\n");
        assertThatThrownBy(() -> FilePromptSource.open(Dataset.JSONL, notJson, approx, 0, 1))
                .isInstanceOfSatisfying(LoadException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION);
                    assertThat(e.getMessage()).startsWith("--dataset-path").contains("a.jsonl:2");
                });
        Path wrongShape = Files.writeString(tmp.resolve("b.jsonl"), "{\"text\": \"x\"}\n");
        assertThatThrownBy(() -> FilePromptSource.open(Dataset.JSONL, wrongShape, approx, 0, 1))
                .hasMessageContaining("expected {\"prompt\"");
        Path empty = Files.writeString(tmp.resolve("c.txt"), "\n\n");
        assertThatThrownBy(() -> FilePromptSource.open(Dataset.LINE_BY_LINE, empty, approx, 0, 1))
                .hasMessageContaining("holds no prompt");
    }

    static LoadSpec spec(Api api, LoadSpec.Body body) {
        return new LoadSpec(
                new LoadSpec.Target(
                        URI.create("http://h/v1/x"),
                        api,
                        "m",
                        null,
                        Map.of(),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                new LoadSpec.Pressure(1, 0, null, 0),
                new LoadSpec.Size(1, null, 0, null),
                body,
                new LoadSpec.Prompts(Dataset.RANDOM, null, 1, 1, 0, null),
                1,
                0);
    }

    static JsonNode json(byte[] b) throws IOException {
        return ReplyAccumulator.JSON.readTree(b);
    }

    @Test
    void chatBodiesCarryEveryOptionAndExtraArgsWin() throws IOException {
        RequestBodies b = new RequestBodies(spec(
                Api.OPENAI,
                new LoadSpec.Body(true, 64, 64, 8, 0.5, "{\"top_p\": 0.9, \"max_tokens\": 7, \"ignore_eos\": true}")));
        JsonNode n = json(b.render(new Prompt("hello", null, 1)));
        assertThat(n.get("model").asText()).isEqualTo("m");
        assertThat(n.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(n.at("/messages/0/content").asText()).isEqualTo("hello");
        assertThat(n.get("max_tokens").asInt()).isEqualTo(7); // --extra-args wins
        assertThat(n.get("min_tokens").asInt()).isEqualTo(8);
        assertThat(n.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(n.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(n.get("ignore_eos").asBoolean()).isTrue();
        assertThat(n.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void completionsBodiesSendThePromptAndMaxTokensRangesAreDrawn() throws IOException {
        RequestBodies b =
                new RequestBodies(spec(Api.OPENAI_COMPLETIONS, new LoadSpec.Body(false, 10, 12, null, null, null)));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            JsonNode n = json(b.render(new Prompt("p", null, 1)));
            assertThat(n.get("prompt").asText()).isEqualTo("p");
            assertThat(n.has("messages")).isFalse();
            assertThat(n.has("stream_options")).isFalse();
            assertThat(n.has("temperature")).isFalse();
            seen.add(n.get("max_tokens").asInt());
        }
        assertThat(seen).containsExactlyInAnyOrder(10, 11, 12);
    }

    @Test
    void jsonlMessagesAreSentAsTheyAre() throws IOException {
        JsonNode messages = ReplyAccumulator.JSON.readTree(
                "[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"u\"}]");
        RequestBodies b = new RequestBodies(spec(Api.OPENAI, new LoadSpec.Body(true, 5, 5, null, null, null)));
        JsonNode n = json(b.render(new Prompt("s\nu", messages, 2)));
        assertThat(n.get("messages")).isEqualTo(messages);
    }

    @Test
    void extraArgsMustBeAJsonObject() {
        assertThatThrownBy(() -> new LoadSpec.Body(true, 1, 1, null, null, "nope"))
                .hasMessageStartingWith("--extra-args");
        assertThatThrownBy(() -> new LoadSpec.Body(true, 1, 1, null, null, "[1]"))
                .hasMessageStartingWith("--extra-args")
                .hasMessageContaining("object");
    }

    @Test
    void modelsUrlSitsNextToTheEndpoint() {
        assertThat(TargetCheck.modelsUri(URI.create("http://h:1/v1/chat/completions")))
                .isEqualTo(URI.create("http://h:1/v1/models"));
        assertThat(TargetCheck.modelsUri(URI.create("https://h/api/v1/completions")))
                .isEqualTo(URI.create("https://h/api/v1/models"));
        assertThat(TargetCheck.modelsUri(URI.create("http://h:1/generate")))
                .isEqualTo(URI.create("http://h:1/v1/models"));
    }
}
