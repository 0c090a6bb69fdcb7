package dev.slatune.metrics;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a request did not succeed; failures are counted per kind so a report can say what went wrong. */
public enum ErrorKind {
    /** TCP connect refused, reset before any response, DNS failure. */
    CONNECT("connect"),
    /** Connect or read timeout. */
    TIMEOUT("timeout"),
    /** HTTP 429: the server shed load. */
    HTTP_429("http_429"),
    /** Any other 4xx: usually a configuration problem (model name, body). */
    HTTP_4XX("http_4xx"),
    /** HTTP 5xx. */
    HTTP_5XX("http_5xx"),
    /** The stream broke off, carried an error event, or could not be parsed. */
    STREAM_ERROR("stream_error"),
    /** HTTP 200 and a clean end, but not a single output token. */
    EMPTY("empty"),
    /**
     * The stream ended without its {@code [DONE]} sentinel (or llama.cpp's {@code "stop": true}): the
     * server or a proxy cut it short, so its latency and tokens describe a request that did not finish.
     */
    INCOMPLETE("incomplete"),
    /** A choice finished with {@code finish_reason: "abort"}: the server gave the request up (vLLM, SGLang). */
    ABORTED("aborted"),
    /** A choice finished with {@code finish_reason: "error"}: the server failed it mid-generation. */
    FINISH_ERROR("finish_error");

    private final String key;

    ErrorKind(String key) {
        this.key = key;
    }

    /** The name used in JSON and tables. */
    @JsonValue
    public String key() {
        return key;
    }

    /** Parses {@link #key()}; throws for unknown names. */
    public static ErrorKind ofKey(String key) {
        for (ErrorKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown error kind '" + key + "'");
    }

    /** Maps an HTTP status that is not 200 to its kind. */
    public static ErrorKind ofStatus(int status) {
        if (status == 429) {
            return HTTP_429;
        }
        return status >= 500 ? HTTP_5XX : HTTP_4XX;
    }
}
