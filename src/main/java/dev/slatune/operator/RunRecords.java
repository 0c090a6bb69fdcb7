package dev.slatune.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slatune.json.Json;
import dev.slatune.metrics.ClientStats;
import dev.slatune.metrics.Distribution;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the status keeps of measured runs, and at what size: per run a summary without histograms
 * (every number the per-run aggregation of the {@code evalscope} strategy reads, to six significant
 * digits), per value one pool of all its runs with the histograms the rules read (latency, ttft,
 * tpot), merged run after run. A pool over {@link #POOL_MAX_BYTES} drops histograms (tpot, then
 * ttft); later merges then take the worst run's percentile for that metric, which can only make a
 * verdict stricter.
 */
final class RunRecords {

    /** The most bytes the pool of one value takes. */
    static final int POOL_MAX_BYTES = 2_048;
    /** The most bytes the summary of one run takes (measured about 560; room for long error keys). */
    static final int SUMMARY_MAX_BYTES = 900;

    private static final MathContext SIX = new MathContext(6);

    private RunRecords() {}

    /** The run's summary as the status holds it (an object, not an escaped string). */
    static JsonNode summary(ProbeResult r) {
        try {
            ObjectNode m = (ObjectNode) Json.plain().readTree(summaryJson(r));
            // What every summary would repeat: added back on reading.
            m.remove("schema");
            m.remove("itl");
            m.remove("histograms");
            return m;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A summary read back. */
    static ProbeResult fromSummary(JsonNode summary) {
        ObjectNode m = summary.deepCopy();
        if (!m.has("schema")) {
            m.put("schema", ProbeResult.SCHEMA);
        }
        if (!m.has("itl")) {
            m.putObject("itl").put("count", 0);
        }
        try {
            return ProbeResultCodec.fromJson(Json.plain().writeValueAsString(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a run summary: " + e.getOriginalMessage(), e);
        }
    }

    /** The run's summary: no histograms, no ITL, numbers to six significant digits. */
    static String summaryJson(ProbeResult r) {
        ProbeResult s = new ProbeResult(
                r.schema(),
                r.variable(),
                r.value(),
                r.parts(),
                r.startedAtEpochMs(),
                round(r.windowSeconds()),
                r.requests(),
                round(r.rps()),
                round(r.tps()),
                round(r.inputTps()),
                r.outputTokens(),
                r.inputTokens(),
                r.outputTokensEstimated(),
                round(r.latency()),
                round(r.ttft()),
                round(r.tpot()),
                Distribution.EMPTY,
                round(r.client()),
                Map.of());
        return ProbeResultCodec.toJson(s.withGoodput(r.goodput()));
    }

    /** The pool of {@code previous} (JSON, or null for the first run) and {@code run}. */
    static String pool(String previous, ProbeResult run) {
        ProbeResult pool = previous == null
                ? run
                : ProbeResult.merge(
                        List.of(ProbeResultCodec.fromJson(previous), run), ProbeResult.MergeMode.SEQUENTIAL);
        Map<String, String> kept = new LinkedHashMap<>(pool.histograms());
        kept.remove("itl"); // no rule reads it
        String json = ProbeResultCodec.toJson(withHistograms(pool, kept));
        for (String drop : List.of("tpot", "ttft", "latency")) {
            if (json.getBytes(StandardCharsets.UTF_8).length <= POOL_MAX_BYTES) {
                break;
            }
            kept.remove(drop);
            json = ProbeResultCodec.toJson(withHistograms(pool, kept));
        }
        return json;
    }

    /** The merge of concurrent shares sums their values; the run measured exactly the value asked for. */
    static ProbeResult withValue(ProbeResult r, double value) {
        return r.withValue(value); // keeps every field: v2 details, error samples, server figures
    }

    static ProbeResult withHistograms(ProbeResult r, Map<String, String> histograms) {
        return r.withHistograms(histograms);
    }

    private static Distribution round(Distribution d) {
        return d == null || d.count() == 0
                ? d
                : new Distribution(
                        d.count(), round(d.avg()), round(d.p50()), round(d.p90()), round(d.p99()), round(d.max()));
    }

    private static ClientStats round(ClientStats c) {
        return c == null
                ? null
                : new ClientStats(
                        round(c.targetRate()),
                        round(c.achievedRate()),
                        round(c.scheduleLagP99()),
                        c.maxInFlight(),
                        c.saturated(),
                        c.reason());
    }

    private static double round(double v) {
        return v == 0 || !Double.isFinite(v) ? v : new BigDecimal(v).round(SIX).doubleValue();
    }
}
