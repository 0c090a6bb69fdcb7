package dev.slatune.simulator;

/**
 * An error answered to the client as an OpenAI-shaped body:
 * {@code {"error":{"message":...,"type":...,"param":null,"code":status}}}, which is also what
 * current vLLM sends.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String type;

    public ApiError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "BadRequestError", message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** The response body. */
    public String body() {
        return "{\"error\":{\"message\":" + Json.quote(getMessage()) + ",\"type\":" + Json.quote(type)
                + ",\"param\":null,\"code\":" + status + "}}";
    }
}
