package dev.slatune.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slatune.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * Finds the words a failure came with, in the shapes servers use: OpenAI, vLLM and llama.cpp
 * ({@code {"error": {"message": ...}}}), vLLM's and SGLang's older {@code {"object": "error",
 * "message": ...}}, TGI ({@code {"error": "...", "error_type": ...}}), FastAPI ({@code {"detail": ...}});
 * else the body's text, else the exception's. Runs on the failure path only.
 */
final class ErrorMessages {

    /** Body bytes of an error reply kept for reading its message. */
    static final int MAX_BODY = 8192;
    /** Characters of a non-JSON body kept as its message. */
    private static final int MAX_TEXT = 200;

    private ErrorMessages() {}

    /** "HTTP 400: request (1066 tokens) exceeds the available context size (1024 tokens)". */
    static String ofHttp(int status, String reason, byte[] body, int length) {
        String m = ofJson(body, length);
        if (m == null) {
            String text = new String(body, 0, Math.min(length, body.length), StandardCharsets.UTF_8)
                    .strip()
                    .replaceAll("\\s+", " ");
            m = text.isEmpty() ? null : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
        }
        String head = "HTTP " + status + (reason == null || reason.isBlank() || m != null ? "" : " " + reason);
        return m == null ? head : head + ": " + m;
    }

    /** The message of an error payload (an HTTP body or the data of an error event), or null. */
    static String ofJson(byte[] data, int length) {
        JsonNode n;
        try {
            n = Json.plain().readTree(data, 0, length);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return n == null ? null : ofNode(n);
    }

    /** The message inside a parsed error payload or its {@code error} member, or null. */
    static String ofNode(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return blankToNull(n.textValue());
        }
        if (!n.isObject()) {
            return null;
        }
        JsonNode error = n.get("error");
        if (error != null && error.isObject()) {
            String inner = ofNode(error);
            if (inner != null) {
                return inner;
            }
        }
        if (error != null && error.isTextual()) {
            return blankToNull(error.textValue());
        }
        for (String field : new String[] {"message", "msg", "detail"}) {
            JsonNode v = n.get(field);
            if (v != null && v.isTextual() && !v.textValue().isBlank()) {
                return v.textValue();
            }
            if (v != null && v.isArray() && !v.isEmpty()) { // FastAPI validation: [{"msg": ...}, ...]
                String first = ofNode(v.get(0));
                if (first != null) {
                    return first;
                }
            }
        }
        return null;
    }

    /** A transport failure in words: the exception's message, or its type when it has none. */
    static String ofThrowable(Throwable t) {
        Throwable c = t;
        // Wrappers that only repeat their cause (new RuntimeException(cause)) say nothing of their own.
        while (c.getCause() != null
                && (c.getMessage() == null
                        || c.getMessage().isBlank()
                        || c.getMessage().equals(c.getCause().toString()))) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }

    /** Unparseable event data in words, with its first characters. */
    static String ofUnparseable(byte[] data, int length) {
        String text = new String(data, 0, Math.min(length, 80), StandardCharsets.UTF_8).strip();
        return "unparseable event data: " + (length > 80 ? text + "..." : text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
