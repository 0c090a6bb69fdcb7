package dev.slatune.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;

/**
 * Builds request bodies: chat ({@code messages}) or completions ({@code prompt}), {@code model},
 * {@code max_tokens} (fixed or drawn from a range), optional {@code min_tokens} and
 * {@code temperature}, {@code stream} with {@code stream_options.include_usage} so that the server
 * reports exact token counts, and finally {@code --extra-args} merged in (its keys win). Thread-safe.
 */
final class RequestBodies {

    private final LoadSpec.Target target;
    private final LoadSpec.Body body;
    private final ObjectNode extra;
    private final SplittableRandom random;

    RequestBodies(LoadSpec spec) {
        this.target = spec.target();
        this.body = spec.body();
        this.extra = body.extraArgs() == null ? null : parseExtraArgs(body.extraArgs());
        this.random = new SplittableRandom(Seeds.mix(spec.seed(), spec.run(), 0x5EED_0002L));
    }

    /** Parses {@code --extra-args}; it must be a JSON object. */
    static ObjectNode parseExtraArgs(String json) {
        JsonNode n;
        try {
            n = ReplyAccumulator.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw LoadException.badConfig("--extra-args", "not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw LoadException.badConfig("--extra-args", "must be a JSON object, got " + json);
        }
        return (ObjectNode) n;
    }

    /** The body for {@code prompt} as UTF-8 JSON. */
    byte[] render(Prompt prompt) {
        ObjectNode o = ReplyAccumulator.JSON.createObjectNode();
        o.put("model", target.model());
        if (target.api() == Api.OPENAI) {
            if (prompt.messages() != null) {
                o.set("messages", prompt.messages());
            } else {
                o.putArray("messages").addObject().put("role", "user").put("content", prompt.text());
            }
        } else {
            o.put("prompt", prompt.text());
        }
        o.put("max_tokens", maxTokens());
        if (body.minTokens() != null) {
            o.put("min_tokens", body.minTokens());
        }
        if (body.temperature() != null) {
            o.put("temperature", body.temperature());
        }
        o.put("stream", body.stream());
        if (body.stream()) {
            o.putObject("stream_options").put("include_usage", true);
        }
        if (extra != null) {
            o.setAll(extra);
        }
        try {
            return ReplyAccumulator.JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int maxTokens() {
        if (body.maxTokensMin() == body.maxTokensMax()) {
            return body.maxTokensMax();
        }
        synchronized (random) {
            return body.maxTokensMin() + random.nextInt(body.maxTokensMax() - body.maxTokensMin() + 1);
        }
    }
}
