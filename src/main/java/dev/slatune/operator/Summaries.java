package dev.slatune.operator;

import dev.slatune.api.GoodputSummary;
import dev.slatune.api.MetricsSummary;
import dev.slatune.api.ServerSummary;
import dev.slatune.metrics.Distribution;
import dev.slatune.metrics.ErrorSample;
import dev.slatune.metrics.ErrorSampler;
import dev.slatune.metrics.GoodputCount;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ServerMetrics;

/** Turns a {@link ProbeResult} into the headline metrics of the status (no NaN: Kubernetes JSON has none). */
public final class Summaries {

    private Summaries() {}

    /** The headline metrics of {@code r}; a metric with no samples is left out. */
    public static MetricsSummary of(ProbeResult r) {
        MetricsSummary m = new MetricsSummary();
        m.setRequests(r.requests().total());
        m.setSucceeded(r.requests().succeeded());
        m.setSuccessRate(finite(r.successRate()));
        m.setRps(finite(r.rps()));
        m.setTps(finite(r.tps()));
        m.setAvgLatency(stat(r.latency(), "avg"));
        m.setP99Latency(stat(r.latency(), "p99"));
        m.setAvgTtft(stat(r.ttft(), "avg"));
        m.setP99Ttft(stat(r.ttft(), "p99"));
        m.setAvgTpot(stat(r.tpot(), "avg"));
        m.setP99Tpot(stat(r.tpot(), "p99"));
        if (r.client() != null && r.client().saturated()) {
            m.setClientSaturated(r.client().reason() != null ? r.client().reason() : "saturated");
        }
        if (!r.errorSamplesOrEmpty().isEmpty()) {
            m.setErrors(ErrorSampler.compact(r.errorSamples(), STATUS_ERROR_SAMPLES, STATUS_ERROR_CHARS).stream()
                    .map(ErrorSample::toString)
                    .toList());
        }
        m.setServer(server(r.server()));
        if (!r.goodput().isEmpty()) {
            m.setGoodput(r.goodput().stream().map(c -> goodput(r, c)).toList());
        }
        return m;
    }

    private static GoodputSummary goodput(ProbeResult r, GoodputCount c) {
        GoodputSummary g = new GoodputSummary();
        g.setSlos(c.slos());
        g.setMet(c.met());
        g.setTotal(c.total());
        g.setShare(finite(c.share()));
        g.setRps(finite(r.goodputRate(c)));
        return g;
    }

    /** Error messages kept per summary, and their length: the status has a size budget. */
    static final int STATUS_ERROR_SAMPLES = 3;

    static final int STATUS_ERROR_CHARS = 160;

    private static ServerSummary server(ServerMetrics s) {
        if (s == null) {
            return null;
        }
        ServerSummary out = new ServerSummary();
        out.setFamily(s.family());
        out.setPeakRunning(s.peakRunning());
        out.setPeakWaiting(s.peakWaiting());
        out.setKvCachePeak(s.kvCachePeak() == null ? null : finite(s.kvCachePeak()));
        out.setPreemptions(s.preemptions());
        out.setPrefixCacheHitRate(s.prefixCacheHitRate() == null ? null : finite(s.prefixCacheHitRate()));
        return out;
    }

    private static Double stat(Distribution d, String name) {
        return d == null || d.count() == 0 ? null : finite(d.stat(name));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? round(v) : null;
    }

    /** Six significant digits are plenty for a status and keep it readable. */
    private static double round(double v) {
        if (v == 0) {
            return 0;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue();
    }
}
