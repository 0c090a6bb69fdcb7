package dev.slatune.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * The one owner of JSON mappers: every mapper in slatune is one of these, or built from {@link #builder()} by
 * the owner of a format that needs more (the Job contract's {@code ProbeResultCodec} writes short doubles).
 * Mappers are thread-safe once built, so each is built once.
 *
 * <p>What stays outside on purpose: the simulator writes its replies by hand (byte-for-byte the servers it
 * imitates, without a tree per token) and reads requests with Vert.x's own JSON (it depends on nothing of
 * slatune's); the CRD model is read and written by Fabric8's mapper, which knows the Kubernetes types.
 */
public final class Json {

    private static final ObjectMapper PLAIN = builder().build();
    private static final ObjectMapper PRETTY =
            builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {}

    /** The base configuration: unknown properties are ignored on reading (newer writers may add fields). */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Reading anything, and compact writing: request bodies, replies, datasets, tokenizer files, specs. */
    public static ObjectMapper plain() {
        return PLAIN;
    }

    /** Indented writing, for files people read: summary.json, EvalScope's result files. */
    public static ObjectMapper pretty() {
        return PRETTY;
    }

    /** The streaming factory behind {@link #plain()}, for parsers that read token by token (rules, SSE events). */
    public static JsonFactory factory() {
        return PLAIN.getFactory();
    }

    /** An indented mapper that writes each of {@code types} as its {@code toString()} (enums keyed by name, ...). */
    public static ObjectMapper prettyWithStrings(Class<?>... types) {
        SimpleModule strings = new SimpleModule("slatune-strings");
        for (Class<?> t : types) {
            strings.addSerializer(t, ToStringSerializer.instance);
        }
        return builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .addModule(strings)
                .build();
    }
}
