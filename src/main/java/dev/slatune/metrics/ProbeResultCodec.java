package dev.slatune.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.slatune.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes {@link ProbeResult} JSON, and keeps it within the size of a Kubernetes
 * termination message by dropping histograms (ITL first) when it must.
 */
public final class ProbeResultCodec {

    /** The most bytes a result may take: a termination message holds 4 KiB, leave room. */
    public static final int MAX_BYTES = 3584;

    /** Significant digits of the decimal numbers written: more than any measurement here carries. */
    static final int NUMBER_DIGITS = 9;

    private static final ObjectMapper MAPPER = Json.builder()
            .addModule(new SimpleModule("slatune-numbers")
                    .addSerializer(Double.class, new ShortDoubles())
                    .addSerializer(double.class, new ShortDoubles()))
            .build();

    private ProbeResultCodec() {}

    /** Error samples kept in the compact JSON, the most frequent first. */
    static final int COMPACT_ERROR_SAMPLES = 6;
    /** Characters kept of each error message in the compact JSON. */
    static final int COMPACT_ERROR_CHARS = 160;

    /** The mapper, for the other records of the Job contract in this package ({@link LoadFailure}). */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Compact JSON, at most {@link #MAX_BYTES} bytes: at most {@link #COMPACT_ERROR_SAMPLES} error
     * samples of at most {@link #COMPACT_ERROR_CHARS} characters; histograms are dropped (itl, tpot,
     * ttft, latency) to fit, and the dropped ones are named in {@code droppedHistograms} so that a merge
     * knows it is not exact.
     */
    public static String toJson(ProbeResult full) {
        ProbeResult r = full.withErrorSamples(
                ErrorSampler.compact(full.errorSamples(), COMPACT_ERROR_SAMPLES, COMPACT_ERROR_CHARS));
        String json = write(r);
        Map<String, String> hist = new LinkedHashMap<>(r.histograms());
        String[] dropOrder = {"itl", "tpot", "ttft", "latency"};
        for (int i = 0; json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES && i < dropOrder.length; i++) {
            if (hist.remove(dropOrder[i]) != null) {
                json = write(r.withHistograms(hist));
            }
        }
        return json;
    }

    /** Pretty JSON with no size limit, for files people read. */
    public static String toPrettyJson(ProbeResult r) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a result; throws {@link IllegalArgumentException} naming what is wrong. */
    public static ProbeResult fromJson(String json) {
        ProbeResult r;
        try {
            r = MAPPER.readValue(json, ProbeResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a ProbeResult: " + e.getOriginalMessage(), e);
        }
        if (r == null || !ProbeResult.SCHEMA.equals(r.schema()) && !ProbeResult.SCHEMA_V1.equals(r.schema())) {
            throw new IllegalArgumentException("not a ProbeResult: schema is "
                    + (r == null ? "missing" : "'" + r.schema() + "'") + ", expected '" + ProbeResult.SCHEMA
                    + "' (or '" + ProbeResult.SCHEMA_V1 + "')");
        }
        if (r.requests() == null) {
            throw new IllegalArgumentException("not a ProbeResult: 'requests' is missing");
        }
        return r;
    }

    /**
     * Writes doubles with {@link #NUMBER_DIGITS} significant digits (microseconds exact below 1,000 s) ({@code 65.9920973}, not
     * {@code 65.99209725015979}): every byte of a termination message is wanted for histograms.
     */
    static final class ShortDoubles extends StdSerializer<Double> {
        private static final MathContext DIGITS = new MathContext(NUMBER_DIGITS);

        ShortDoubles() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (v.isNaN() || v.isInfinite()) {
                gen.writeNumber(v);
            } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                gen.writeNumber(v.longValue() + ".0");
            } else {
                gen.writeNumber(
                        new BigDecimal(v).round(DIGITS).stripTrailingZeros().toPlainString());
            }
        }
    }

    private static String write(ProbeResult r) {
        try {
            return MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
