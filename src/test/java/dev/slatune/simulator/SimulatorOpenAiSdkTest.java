package dev.slatune.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.slatune.RealTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK (com.openai:openai-java) against the simulator. */
@RealTime
class SimulatorOpenAiSdkTest {

    private static OpenAIClient client(SimulatorServer sim) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(sim.baseUrl() + "/v1")
                .apiKey("EMPTY")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private static ChatCompletionCreateParams.Builder chat(int maxTokens) {
        return ChatCompletionCreateParams.builder()
                .model(SimulatorConfig.DEFAULT_MODEL)
                .addUserMessage("Write twelve words about batching.")
                .maxCompletionTokens(maxTokens);
    }

    @Test
    void streamsAChatCompletionAndReadsItsUsage() {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults()
                .withCapacity(new CapacityModel(8, Duration.ofMillis(1), Duration.ZERO, Duration.ZERO, 0)))) {
            OpenAIClient client = client(sim);
            ChatCompletionCreateParams params = chat(12).streamOptions(ChatCompletionStreamOptions.builder()
                            .includeUsage(true)
                            .build())
                    .build();
            StringBuilder text = new StringBuilder();
            List<String> finishReasons = new ArrayList<>();
            List<CompletionUsage> usages = new ArrayList<>();
            int chunks = 0;
            try (StreamResponse<ChatCompletionChunk> stream =
                    client.chat().completions().createStreaming(params)) {
                for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                    chunks++;
                    assertThat(chunk.model()).isEqualTo(SimulatorConfig.DEFAULT_MODEL);
                    chunk.usage().ifPresent(usages::add);
                    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                        choice.delta().content().ifPresent(text::append);
                        choice.finishReason().ifPresent(f -> finishReasons.add(f.asString()));
                    }
                }
            }
            assertThat(chunks).isEqualTo(1 + 12 + 1); // role, 12 tokens, usage
            assertThat(text.toString()).isNotBlank();
            assertThat(finishReasons).containsExactly("length");
            assertThat(usages).hasSize(1);
            CompletionUsage usage = usages.get(0);
            assertThat(usage.completionTokens()).isEqualTo(12);
            assertThat(usage.promptTokens()).isEqualTo(9); // 34 characters / 4, rounded up
            assertThat(usage.totalTokens()).isEqualTo(21);
        }
    }

    @Test
    void readsNonStreamingChatAndCompletionsWithUsage() {
        try (SimulatorServer sim =
                SimulatorServer.start(SimulatorConfig.defaults().withCapacity(CapacityModel.ZERO))) {
            OpenAIClient client = client(sim);
            ChatCompletion answer = client.chat().completions().create(chat(7).build());
            assertThat(answer.choices().get(0).message().content())
                    .hasValueSatisfying(c -> assertThat(c).isNotBlank());
            assertThat(answer.choices().get(0).finishReason().asString()).isEqualTo("length");
            assertThat(answer.usage())
                    .hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(7));

            Completion completion = client.completions()
                    .create(CompletionCreateParams.builder()
                            .model(SimulatorConfig.DEFAULT_MODEL)
                            .prompt("Once upon a time")
                            .maxTokens(5)
                            .build());
            assertThat(completion.choices().get(0).text()).isNotBlank();
            assertThat(completion.usage()).hasValueSatisfying(u -> {
                assertThat(u.completionTokens()).isEqualTo(5);
                assertThat(u.promptTokens()).isEqualTo(4);
            });
        }
    }

    @Test
    void seesInjectedAndValidationErrorsAsTypedExceptions() {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults()
                .withCapacity(CapacityModel.ZERO)
                .withFaults(new Faults(1, 0, 0, Duration.ZERO, 0)))) {
            assertThatThrownBy(() -> client(sim).chat().completions().create(chat(3).build()))
                    .isInstanceOf(RateLimitException.class)
                    .hasMessageContaining("Too many requests");
        }
        try (SimulatorServer sim =
                SimulatorServer.start(SimulatorConfig.defaults().withCapacity(CapacityModel.ZERO))) {
            assertThatThrownBy(() ->
                            client(sim).chat().completions().create(chat(3).n(2).build()))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("only n=1");
        }
    }
}
