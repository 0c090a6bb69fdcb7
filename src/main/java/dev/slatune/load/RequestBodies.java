package dev.slatune.load;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slatune.json.Json;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Builds request bodies: on top of {@code --query-template} when given, chat ({@code messages}) or
 * completions ({@code prompt}), {@code model}, {@code max_tokens} (fixed or drawn from a range), then the
 * parameters set by flags under EvalScope's names and in its order ({@code min_tokens},
 * {@code frequency_penalty}, {@code repetition_penalty}, {@code logprobs}, {@code n}, {@code seed},
 * {@code stop}, {@code stream} with {@code stream_options.include_usage} so that the server reports exact
 * token counts, {@code stop_token_ids}, {@code temperature}, {@code top_p}, {@code top_k}), and finally
 * {@code --extra-args} merged in (its keys win). Thread-safe.
 */
final class RequestBodies {

    private final LoadSpec.Target target;
    private final LoadSpec.Body body;
    private final ObjectNode extra;
    private final ObjectNode template;
    private final SplittableRandom random;

    RequestBodies(LoadSpec spec) {
        this.target = spec.target();
        this.body = spec.body();
        this.extra = body.extraArgs() == null ? null : parseExtraArgs(body.extraArgs());
        String t = body.sampling().queryTemplate();
        this.template = t == null ? null : parseQueryTemplate(t);
        this.random = new SplittableRandom(Seeds.mix(spec.seed(), spec.run(), 0x5EED_0002L));
    }

    /** Parses {@code --extra-args}; it must be a JSON object. */
    static ObjectNode parseExtraArgs(String json) {
        JsonNode n;
        try {
            n = Json.plain().readTree(json);
        } catch (JsonProcessingException e) {
            throw LoadException.badConfig("--extra-args", "not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw LoadException.badConfig("--extra-args", "must be a JSON object, got " + json);
        }
        return (ObjectNode) n;
    }

    /**
     * Parses {@code --query-template}: a JSON object, or {@code @file} holding one (as EvalScope reads it). The
     * request's own {@code messages} (or {@code prompt}) replace the template's; the flags' parameters are set on
     * top of it.
     */
    static ObjectNode parseQueryTemplate(String text) {
        String json = text;
        if (text.startsWith("@")) {
            try {
                json = java.nio.file.Files.readString(java.nio.file.Path.of(text.substring(1)));
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                throw LoadException.badConfig(
                        "--query-template", "cannot read " + text.substring(1) + ": " + e.getMessage(), e);
            }
        }
        JsonNode n;
        try {
            n = Json.plain().readTree(json);
        } catch (JsonProcessingException e) {
            throw LoadException.badConfig("--query-template", "not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw LoadException.badConfig("--query-template", "must be a JSON object (a request body), got " + json);
        }
        return (ObjectNode) n;
    }

    /** The body for {@code prompt} as a buffer over the rendered bytes (not a copy of them). */
    Buffer buffer(Prompt prompt) {
        return Buffer.buffer(Unpooled.wrappedBuffer(render(prompt)));
    }

    /**
     * The body for {@code prompt} as UTF-8 JSON. Without a template or extra arguments it is written
     * field by field, in the order {@link #renderTree} gives (a test holds the two to the same bytes),
     * without building a tree per request.
     */
    byte[] render(Prompt prompt) {
        if (template != null || extra != null) {
            return renderTree(prompt);
        }
        try (ByteArrayBuilder out = new ByteArrayBuilder(512);
                JsonGenerator g = Json.plain().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", target.model());
            if (target.api() == Api.OPENAI) {
                g.writeFieldName("messages");
                if (prompt.messages() != null) {
                    g.writeTree(prompt.messages());
                } else {
                    g.writeStartArray();
                    g.writeStartObject();
                    g.writeStringField("role", "user");
                    g.writeStringField("content", prompt.text());
                    g.writeEndObject();
                    g.writeEndArray();
                }
            } else {
                g.writeStringField("prompt", prompt.text());
            }
            g.writeNumberField("max_tokens", maxTokens());
            if (body.minTokens() != null) {
                g.writeNumberField("min_tokens", body.minTokens());
            }
            LoadSpec.Sampling x = body.sampling();
            writeIfSet(g, "frequency_penalty", x.frequencyPenalty());
            writeIfSet(g, "repetition_penalty", x.repetitionPenalty());
            if (x.logprobs() != null) {
                g.writeBooleanField("logprobs", x.logprobs());
            }
            if (x.n() != null) {
                g.writeNumberField("n", x.n());
            }
            if (x.seed() != null) {
                g.writeNumberField("seed", x.seed());
            }
            if (x.stop() != null) {
                g.writeArrayFieldStart("stop");
                for (String stop : x.stop()) {
                    g.writeString(stop);
                }
                g.writeEndArray();
            }
            g.writeBooleanField("stream", body.stream());
            if (body.stream()) {
                g.writeObjectFieldStart("stream_options");
                g.writeBooleanField("include_usage", true);
                g.writeEndObject();
            }
            if (x.stopTokenIds() != null) {
                g.writeArrayFieldStart("stop_token_ids");
                for (Integer id : x.stopTokenIds()) {
                    g.writeNumber(id);
                }
                g.writeEndArray();
            }
            writeIfSet(g, "temperature", body.temperature());
            writeIfSet(g, "top_p", x.topP());
            if (x.topK() != null) {
                g.writeNumberField("top_k", x.topK());
            }
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeIfSet(JsonGenerator g, String key, Double v) throws IOException {
        if (v != null) {
            g.writeNumberField(key, v);
        }
    }

    /** The body built as a tree: on top of the template, with the extra arguments merged in last. */
    byte[] renderTree(Prompt prompt) {
        ObjectNode o = template == null ? Json.plain().createObjectNode() : template.deepCopy();
        if (template != null) {
            o.remove("messages");
            o.remove("prompt");
        }
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
        LoadSpec.Sampling x = body.sampling();
        putIfSet(o, "frequency_penalty", x.frequencyPenalty());
        putIfSet(o, "repetition_penalty", x.repetitionPenalty());
        if (x.logprobs() != null) {
            o.put("logprobs", x.logprobs());
        }
        if (x.n() != null) {
            o.put("n", x.n());
        }
        if (x.seed() != null) {
            o.put("seed", x.seed());
        }
        if (x.stop() != null) {
            x.stop().forEach(o.putArray("stop")::add);
        }
        o.put("stream", body.stream());
        if (body.stream()) {
            o.putObject("stream_options").put("include_usage", true);
        }
        if (x.stopTokenIds() != null) {
            x.stopTokenIds().forEach(o.putArray("stop_token_ids")::add);
        }
        putIfSet(o, "temperature", body.temperature());
        putIfSet(o, "top_p", x.topP());
        if (x.topK() != null) {
            o.put("top_k", x.topK());
        }
        if (extra != null) {
            o.setAll(extra);
        }
        try {
            return Json.plain().writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIfSet(ObjectNode o, String key, Double v) {
        if (v != null) {
            o.put(key, v);
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
