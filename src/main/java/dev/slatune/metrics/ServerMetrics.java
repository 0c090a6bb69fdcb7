package dev.slatune.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the server said about itself while one probe ran, scraped from its Prometheus metrics
 * before, during and after the probe. A quantity the server does not expose is null.
 *
 * @param family the server family whose metric names were found: vllm, sglang, tgi, llamacpp
 * @param scrapes scrapes taken during the probe (the one before and the one after not counted)
 * @param peakRunning the most requests in the running batch at any scrape
 * @param peakWaiting the most requests queued at any scrape
 * @param kvCachePeak the highest KV cache use at any scrape, 0 to 1
 * @param preemptions sequences preempted during the probe (counter after minus before)
 * @param prefixCacheHits prompt tokens served from the prefix cache during the probe
 * @param prefixCacheQueries prompt tokens looked up in the prefix cache during the probe
 * @param prefixCacheHitRate hits over queries, or the server's own hit-rate gauge averaged over the scrapes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerMetrics(
        String family,
        int scrapes,
        Double peakRunning,
        Double peakWaiting,
        Double kvCachePeak,
        Double preemptions,
        Double prefixCacheHits,
        Double prefixCacheQueries,
        Double prefixCacheHitRate) {

    /** KV cache use at or above this share is reported as a likely limit. */
    static final double KV_FULL = 0.9;

    /**
     * The server's side of a probe in words, for verdict notes and tables: "server queue peaked at 7
     * waiting, KV cache 100%, 3 preemptions"; empty when nothing was exposed.
     */
    public String explanation() {
        List<String> parts = new ArrayList<>();
        if (peakWaiting != null) {
            parts.add(
                    peakWaiting > 0
                            ? "server queue peaked at " + whole(peakWaiting) + " waiting"
                            : "no requests waited at the server");
        }
        if (kvCachePeak != null) {
            parts.add("KV cache " + percent(kvCachePeak));
        }
        if (preemptions != null && preemptions > 0) {
            parts.add(whole(preemptions) + " preemption" + (preemptions == 1 ? "" : "s"));
        }
        return String.join(", ", parts);
    }

    /** One line for the detail block under the load table. */
    public String line() {
        List<String> parts = new ArrayList<>();
        if (peakRunning != null) {
            parts.add("running peak " + whole(peakRunning));
        }
        if (peakWaiting != null) {
            parts.add("waiting peak " + whole(peakWaiting));
        }
        if (kvCachePeak != null) {
            parts.add("KV cache peak " + percent(kvCachePeak));
        }
        if (preemptions != null) {
            parts.add("preemptions " + whole(preemptions));
        }
        if (prefixCacheHitRate != null) {
            parts.add("prefix cache hit rate " + percent(prefixCacheHitRate));
        }
        return "Server (" + family + " metrics, " + scrapes + " scrapes): "
                + (parts.isEmpty() ? "no known quantities" : String.join(", ", parts));
    }

    /** Pools the server figures of several results (null parts skipped; null when none has any). */
    public static ServerMetrics merge(List<ServerMetrics> parts, ProbeResult.MergeMode mode) {
        ServerMetrics acc = null;
        for (ServerMetrics p : parts) {
            if (p == null) {
                continue;
            }
            if (acc == null) {
                acc = p;
                continue;
            }
            // Concurrent shares watched the same server over the same time: their counts are one count.
            boolean add = mode == ProbeResult.MergeMode.SEQUENTIAL;
            Double hits = combine(acc.prefixCacheHits, p.prefixCacheHits, add);
            Double queries = combine(acc.prefixCacheQueries, p.prefixCacheQueries, add);
            Double rate = hits != null && queries != null && queries > 0
                    ? Double.valueOf(hits / queries)
                    : weighted(acc.prefixCacheHitRate, acc.scrapes, p.prefixCacheHitRate, p.scrapes);
            acc = new ServerMetrics(
                    acc.family != null ? acc.family : p.family,
                    add ? acc.scrapes + p.scrapes : Math.max(acc.scrapes, p.scrapes),
                    combine(acc.peakRunning, p.peakRunning, false),
                    combine(acc.peakWaiting, p.peakWaiting, false),
                    combine(acc.kvCachePeak, p.kvCachePeak, false),
                    combine(acc.preemptions, p.preemptions, add),
                    hits,
                    queries,
                    rate);
        }
        return acc;
    }

    private static Double combine(Double a, Double b, boolean add) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return add ? a + b : Math.max(a, b);
    }

    private static Double weighted(Double a, int wa, Double b, int wb) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int w = Math.max(1, wa) + Math.max(1, wb);
        return (a * Math.max(1, wa) + b * Math.max(1, wb)) / w;
    }

    private static String whole(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
