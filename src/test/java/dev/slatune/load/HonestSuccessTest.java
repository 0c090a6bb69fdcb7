package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.metrics.ErrorKind;
import dev.slatune.metrics.RequestOutcome;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reply only succeeds when it finished: the recorded vLLM stream cut before {@code [DONE]}, or ending
 * with {@code finish_reason} abort or error, fails with a kind of its own; the cached prompt tokens a
 * server reports are read.
 */
class HonestSuccessTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("whole stream", (Edit) s -> s, null, -1),
                Arguments.of(
                        "cut before the finish chunk",
                        (Edit)
                                s -> s.substring(
                                        0,
                                        s.indexOf(
                                                "data: {\"id\":\"chatcmpl-a1\","
                                                        + "\"object\":\"chat.completion.chunk\",\"created\":1740386451,\"model\":\"Qwen/Qwen2.5-0.5B-Instruct\","
                                                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"stop\"")),
                        ErrorKind.INCOMPLETE,
                        -1),
                Arguments.of(
                        "no [DONE] and no finish_reason",
                        (Edit) s -> s.replace("data: [DONE]\n\n", "")
                                .replace("\"finish_reason\":\"stop\"", "\"finish_reason\":null"),
                        ErrorKind.INCOMPLETE,
                        -1),
                Arguments.of(
                        "no [DONE] after a finish_reason (TGI before 2.2)",
                        (Edit) s -> s.replace("data: [DONE]\n\n", ""),
                        null,
                        -1),
                Arguments.of(
                        "finish_reason abort",
                        (Edit) s -> s.replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"abort\""),
                        ErrorKind.ABORTED,
                        -1),
                Arguments.of(
                        "finish_reason error",
                        (Edit) s -> s.replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"error\""),
                        ErrorKind.FINISH_ERROR,
                        -1),
                Arguments.of(
                        "cached tokens reported",
                        (Edit) s -> s.replace(
                                "\"completion_tokens\":5}",
                                "\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":16}}"),
                        null,
                        16),
                Arguments.of(
                        "prompt_tokens_details null",
                        (Edit) s -> s.replace(
                                "\"completion_tokens\":5}", "\"completion_tokens\":5,\"prompt_tokens_details\":null}"),
                        null,
                        -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void successMeansTheStreamFinished(String name, Edit edit, ErrorKind expected, int cached) throws IOException {
        String body = edit.apply(ReplyTranscriptTest.read("vllm-chat.sse"));
        for (ReplyTranscriptTest.Split split : ReplyTranscriptTest.Split.values()) {
            RequestOutcome o = ReplyTranscriptTest.replay(body, ReplyTranscriptTest.Framing.LF, split, null);
            assertThat(o.error()).as(name + " " + split).isEqualTo(expected);
            if (expected == null) {
                assertThat(o.cachedTokens()).isEqualTo(cached);
                assertThat(o.outputTokens()).isEqualTo(5);
            }
        }
    }

    @FunctionalInterface
    interface Edit {
        String apply(String s);
    }
}
