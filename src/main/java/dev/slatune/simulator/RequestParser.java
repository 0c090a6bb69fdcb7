package dev.slatune.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Validates a request body and turns it into a {@link GenerationRequest}, throwing {@link ApiError}
 * (400, or 404 for an unknown model) with a message that says what is wrong.
 *
 * <p>Prompt tokens are approximated as the characters of all text content divided by 4, rounded up
 * (at least 1); a completions prompt given as token ids counts its ids.
 */
final class RequestParser {

    private final String servedModel;
    private final int maxModelLen;

    RequestParser(String servedModel, int maxModelLen) {
        this.servedModel = servedModel;
        this.maxModelLen = maxModelLen;
    }

    GenerationRequest parse(Endpoint endpoint, Buffer body) {
        JsonObject json;
        try {
            Object value = body == null || body.length() == 0 ? null : io.vertx.core.json.Json.decodeValue(body);
            if (!(value instanceof JsonObject obj)) {
                throw ApiError.badRequest("The request body must be a JSON object.");
            }
            json = obj;
        } catch (DecodeException e) {
            throw ApiError.badRequest("The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        String model = optionalString(json, "model");
        if (model != null && !model.equals(servedModel)) {
            throw new ApiError(404, "NotFoundError", "The model `" + model + "` does not exist.");
        }
        int promptTokens = endpoint == Endpoint.CHAT ? chatPromptTokens(json) : completionPromptTokens(json);
        boolean stream = optionalBoolean(json, "stream", false);
        boolean includeUsage = false;
        Object so = json.getValue("stream_options");
        if (so != null) {
            if (!(so instanceof JsonObject opts)) {
                throw ApiError.badRequest("'stream_options' must be an object.");
            }
            if (!stream) {
                throw ApiError.badRequest("Stream options can only be defined when `stream=True`.");
            }
            includeUsage = optionalBoolean(opts, "include_usage", false);
        }
        Integer maxTokens = optionalPositiveInt(json, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = optionalPositiveInt(json, "max_tokens");
        }
        Integer min = optionalNonNegativeInt(json, "min_tokens");
        int minTokens = min == null ? 0 : min;
        if (maxTokens != null && minTokens > maxTokens) {
            throw ApiError.badRequest(
                    "min_tokens must be less than or equal to max_tokens=" + maxTokens + ", got " + minTokens + ".");
        }
        Integer n = optionalPositiveInt(json, "n");
        if (n != null && n != 1) {
            throw ApiError.badRequest("The simulator supports only n=1, got n=" + n + ".");
        }
        if (promptTokens + (maxTokens == null ? 0 : maxTokens) > maxModelLen) {
            throw ApiError.badRequest("This model's maximum context length is " + maxModelLen + " tokens. However, you"
                    + " requested " + (promptTokens + maxTokens) + " tokens (" + promptTokens + " in the messages, "
                    + maxTokens + " in the completion). Please reduce the length of the messages or completion.");
        }
        boolean ignoreEos = optionalBoolean(json, "ignore_eos", false);
        return new GenerationRequest(
                endpoint,
                model == null ? servedModel : model,
                stream,
                includeUsage,
                promptTokens,
                maxTokens,
                minTokens,
                ignoreEos);
    }

    private static int chatPromptTokens(JsonObject json) {
        Object m = json.getValue("messages");
        if (!(m instanceof JsonArray messages) || messages.isEmpty()) {
            throw ApiError.badRequest("'messages' is required and must be a non-empty array.");
        }
        long chars = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.getValue(i) instanceof JsonObject msg)) {
                throw ApiError.badRequest("messages[" + i + "] must be an object.");
            }
            if (!(msg.getValue("role") instanceof String)) {
                throw ApiError.badRequest("messages[" + i + "].role is required and must be a string.");
            }
            Object content = msg.getValue("content");
            if (content instanceof String s) {
                chars += s.length();
            } else if (content instanceof JsonArray parts) {
                for (int j = 0; j < parts.size(); j++) {
                    if (!(parts.getValue(j) instanceof JsonObject part)) {
                        throw ApiError.badRequest("messages[" + i + "].content[" + j + "] must be an object.");
                    }
                    if (part.getValue("text") instanceof String t) {
                        chars += t.length();
                    }
                }
            } else if (content != null) {
                throw ApiError.badRequest("messages[" + i + "].content must be a string, an array of parts or null.");
            }
        }
        return approximateTokens(chars);
    }

    private static int completionPromptTokens(JsonObject json) {
        Object p = json.getValue("prompt");
        if (p instanceof String s) {
            return approximateTokens(s.length());
        }
        if (p instanceof JsonArray arr && !arr.isEmpty()) {
            if (arr.size() > 1 && arr.getValue(0) instanceof String) {
                throw ApiError.badRequest("The simulator supports one prompt per request, got " + arr.size() + ".");
            }
            Object first = arr.getValue(0);
            if (first instanceof String s) {
                return approximateTokens(s.length());
            }
            for (int i = 0; i < arr.size(); i++) {
                if (!(arr.getValue(i) instanceof Integer) && !(arr.getValue(i) instanceof Long)) {
                    throw ApiError.badRequest(
                            "'prompt' must be a string, an array of one string or an array of" + " token ids.");
                }
            }
            return arr.size();
        }
        throw ApiError.badRequest("'prompt' is required and must be a string or an array of token ids.");
    }

    /** The documented approximation: characters / 4, rounded up, at least one token. */
    static int approximateTokens(long chars) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (chars + 3) / 4));
    }

    private static String optionalString(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw ApiError.badRequest("'" + key + "' must be a string.");
    }

    private static boolean optionalBoolean(JsonObject json, String key, boolean dflt) {
        Object v = json.getValue(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw ApiError.badRequest("'" + key + "' must be true or false.");
    }

    private static Integer optionalPositiveInt(JsonObject json, String key) {
        Integer v = optionalNonNegativeInt(json, key);
        if (v != null && v < 1) {
            throw ApiError.badRequest("'" + key + "' must be at least 1, got " + v + ".");
        }
        return v;
    }

    private static Integer optionalNonNegativeInt(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (v == null) {
            return null;
        }
        if ((v instanceof Integer || v instanceof Long)
                && ((Number) v).longValue() >= 0
                && ((Number) v).longValue() <= Integer.MAX_VALUE) {
            return ((Number) v).intValue();
        }
        throw ApiError.badRequest("'" + key + "' must be a non-negative integer, got " + v + ".");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
