package dev.slatune.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ProbeResultCodec() {
    }

    /** Error samples kept in the compact JSON, the most frequent first. */
    static final int COMPACT_ERROR_SAMPLES = 6;
    /** Characters kept of each error message in the compact JSON. */
    static final int COMPACT_ERROR_CHARS = 160;

    /**
     * Compact JSON, at most {@link #MAX_BYTES} bytes: at most {@link #COMPACT_ERROR_SAMPLES} error
     * samples of at most {@link #COMPACT_ERROR_CHARS} characters; histograms are dropped (itl, tpot,
     * ttft, latency) to fit.
     */
    public static String toJson(ProbeResult full) {
        ProbeResult r = full.withErrorSamples(
                ErrorSampler.compact(full.errorSamples(), COMPACT_ERROR_SAMPLES, COMPACT_ERROR_CHARS));
        String json = write(r);
        Map<String, String> hist = new LinkedHashMap<>(r.histograms());
        String[] dropOrder = {"itl", "tpot", "ttft", "latency"};
        for (int i = 0; json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES && i < dropOrder.length; i++) {
            hist.remove(dropOrder[i]);
            json = write(withHistograms(r, hist));
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
        if (r == null || !ProbeResult.SCHEMA.equals(r.schema())) {
            throw new IllegalArgumentException("not a ProbeResult: schema is "
                    + (r == null ? "missing" : "'" + r.schema() + "'") + ", expected '" + ProbeResult.SCHEMA + "'");
        }
        if (r.requests() == null) {
            throw new IllegalArgumentException("not a ProbeResult: 'requests' is missing");
        }
        return r;
    }

    private static String write(ProbeResult r) {
        try {
            return MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProbeResult withHistograms(ProbeResult r, Map<String, String> h) {
        return new ProbeResult(r.schema(), r.variable(), r.value(), r.parts(), r.startedAtEpochMs(), r.windowSeconds(),
                r.requests(), r.rps(), r.tps(), r.inputTps(), r.outputTokens(), r.inputTokens(),
                r.outputTokensEstimated(), r.latency(), r.ttft(), r.tpot(), r.itl(), r.client(), h, r.errorSamples(),
                r.server());
    }
}
