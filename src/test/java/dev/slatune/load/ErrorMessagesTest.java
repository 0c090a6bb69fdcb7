package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words of a failed request, from each server family's error shape. */
class ErrorMessagesTest {

    private record Case(String server, int status, String reason, String body, String want) {}

    @Test
    void readsEachServersErrorBody() {
        List<Case> cases = List.of(
                new Case(
                        "llama.cpp",
                        400,
                        "Bad Request",
                        "{\"error\":{\"code\":400,\"message\":\"request (1066 tokens) "
                                + "exceeds the available context size (1024 tokens)\",\"type\":\"exceed_context_size_error\"}}",
                        "HTTP 400: request (1066 tokens) exceeds the available context size (1024 tokens)"),
                new Case(
                        "vLLM / SGLang",
                        400,
                        "Bad Request",
                        "{\"object\":\"error\",\"message\":\"This model's maximum "
                                + "context length is 1024 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}",
                        "HTTP 400: This model's maximum context length is 1024 tokens."),
                new Case(
                        "OpenAI / vLLM (new)",
                        404,
                        "Not Found",
                        "{\"error\":{\"message\":\"The model `gpt-x` does not "
                                + "exist.\",\"type\":\"NotFoundError\",\"param\":\"model\",\"code\":404}}",
                        "HTTP 404: The model `gpt-x` does not exist."),
                new Case(
                        "TGI",
                        422,
                        "Unprocessable Entity",
                        "{\"error\":\"Input validation error: `inputs` must have "
                                + "less than 4096 tokens. Given: 5000\",\"error_type\":\"validation\"}",
                        "HTTP 422: Input validation error: `inputs` must have less than 4096 tokens. Given: 5000"),
                new Case("FastAPI", 404, "Not Found", "{\"detail\":\"Not Found\"}", "HTTP 404: Not Found"),
                new Case(
                        "FastAPI validation",
                        422,
                        "",
                        "{\"detail\":[{\"loc\":[\"body\",\"model\"],"
                                + "\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}",
                        "HTTP 422: field required"),
                new Case(
                        "a proxy's HTML",
                        502,
                        "Bad Gateway",
                        "<html>\n<body>  <h1>502 Bad Gateway</h1></body></html>",
                        "HTTP 502: <html> <body> <h1>502 Bad Gateway</h1></body></html>"),
                new Case("empty body", 401, "Unauthorized", "", "HTTP 401 Unauthorized"));
        for (Case c : cases) {
            byte[] b = c.body().getBytes(StandardCharsets.UTF_8);
            assertThat(ErrorMessages.ofHttp(c.status(), c.reason(), b, b.length))
                    .as(c.server())
                    .isEqualTo(c.want());
        }
    }

    @Test
    void aTransportFailureSaysWhatTheExceptionSays() {
        assertThat(ErrorMessages.ofThrowable(
                        new RuntimeException(new java.net.ConnectException("Connection refused: /127.0.0.1:1"))))
                .isEqualTo("Connection refused: /127.0.0.1:1");
        assertThat(ErrorMessages.ofThrowable(new java.io.IOException())).isEqualTo("IOException");
    }
}
