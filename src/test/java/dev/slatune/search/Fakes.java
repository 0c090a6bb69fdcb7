package dev.slatune.search;

import dev.slatune.metrics.ClientStats;
import dev.slatune.metrics.Distribution;
import dev.slatune.metrics.HistogramCodec;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.RequestCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** Fabricates {@link ProbeResult}s from a few summary numbers, for tests and the benchmark. */
final class Fakes {

    private Fakes() {}

    /**
     * What a synthetic endpoint shows at one pressure.
     *
     * @param latencyP99 p99 end-to-end latency, seconds (the average is taken as 60% of it)
     * @param ttftP99 p99 time to first token, seconds (the average is 60% of it)
     * @param tps output tokens per second
     * @param errorRate share of failed requests
     */
    record Shape(double latencyP99, double ttftP99, double tps, double errorRate) {

        static Shape latency(double p99) {
            return new Shape(p99, p99 / 10, 100, 0);
        }

        static Shape tps(double tps) {
            return new Shape(1, 0.1, tps, 0);
        }
    }

    /** A result of {@code requests} requests (value × 2, as EvalScope sends) with the given shape. */
    static ProbeResult result(String variable, double value, Shape s) {
        return result(variable, value, s, null);
    }

    /**
     * Like {@link #result(String, double, Shape)}, but each request's latency is drawn at random from a
     * heavy-tailed (lognormal, σ = 0.5) distribution whose 99th percentile is the shape's, and failures are
     * drawn one by one at the shape's error rate: the scatter a real probe of that size has.
     */
    static ProbeResult sampled(String variable, double value, Shape s, Random rnd) {
        return result(variable, value, s, rnd, "http_5xx");
    }

    /** {@link #sampled(String, double, Shape, Random)} with failures of the given kind ({@code http_429}...). */
    static ProbeResult sampled(String variable, double value, Shape s, Random rnd, String errorKind) {
        return result(variable, value, s, rnd, errorKind);
    }

    private static ProbeResult result(String variable, double value, Shape s, Random rnd) {
        return result(variable, value, s, rnd, "http_5xx");
    }

    private static ProbeResult result(String variable, double value, Shape s, Random rnd, String errorKind) {
        long total = Math.max(2, Math.round(value * 2));
        long failed = rnd == null ? Math.round(total * s.errorRate()) : draws(rnd, total, s.errorRate());
        long ok = total - failed;
        double window = 10;
        Map<String, Long> errors = failed == 0 ? Map.of() : Map.of(errorKind, failed);
        double[] p99s = {s.latencyP99(), s.ttftP99(), s.latencyP99() / 100, s.latencyP99() / 120};
        Map<String, String> histograms = new LinkedHashMap<>();
        for (int i = 0; i < p99s.length && ok > 0; i++) {
            histograms.put(
                    ProbeResult.DISTRIBUTIONS.get(i),
                    rnd == null ? histogram(ok, p99s[i]) : HistogramCodec.encode(heavyTailed(ok, p99s[i], rnd)));
        }
        Distribution[] d = new Distribution[4];
        for (int i = 0; i < 4; i++) {
            d[i] = rnd == null || ok == 0
                    ? dist(ok, p99s[i])
                    : summary(HistogramCodec.decode(histograms.get(ProbeResult.DISTRIBUTIONS.get(i))));
        }
        return new ProbeResult(
                ProbeResult.SCHEMA,
                variable,
                value,
                1,
                0,
                window,
                new RequestCounts(total, ok, failed, errors),
                ok / window,
                s.tps(),
                s.tps() * 2,
                Math.round(s.tps() * window),
                Math.round(s.tps() * window * 2),
                0,
                d[0],
                d[1],
                d[2],
                d[3],
                new ClientStats(Double.NaN, 0, 0, (long) value, false, null),
                histograms);
    }

    private static long draws(Random rnd, long n, double p) {
        long k = 0;
        for (long i = 0; i < n; i++) {
            if (rnd.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }

    /** Spread of log-latency: a p99 2.3 times the median, a tail far longer than a normal one. */
    static final double LOG_SIGMA = 0.5;

    /** Lognormal samples whose 99th percentile is {@code p99}: {@code p99 exp(σ (Z - z99))}. */
    static Histogram heavyTailed(long count, double p99, Random rnd) {
        double z99 = Intervals.normalQuantile(0.99);
        Histogram h = HistogramCodec.newMicrosHistogram();
        for (long k = 0; k < count; k++) {
            double x = p99 * Math.exp(LOG_SIGMA * (rnd.nextGaussian() - z99));
            h.recordValue(Math.max(1, Math.round(x * 1e6)));
        }
        return h;
    }

    private static Distribution summary(Histogram h) {
        return new Distribution(
                h.getTotalCount(),
                h.getMean() / 1e6,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6);
    }

    /**
     * Samples spread evenly from 20% of {@code p99} up to the 99th-percentile rank, which is exactly
     * {@code p99}, and the rest up to 10% above it: the histogram's p99 is the summary's at every count, and
     * pooling identical runs keeps it, while differing runs pool the way real ones do (the pooled p99 lies
     * between the runs' p99s). Spread evenly over the whole range instead, a small run's p99 would be its
     * top sample, up to 0.8% above the summary's: enough to flip a point that sits just under a threshold.
     */
    private static String histogram(long count, double p99) {
        Histogram h = HistogramCodec.newMicrosHistogram();
        double lo = 0.2 * p99;
        // HdrHistogram reads the p99 at rank round(0.99 n), at least 1; pooled copies map to a run's rank
        // between that and ceil(0.99 n) + 1, so all of those ranks hold p99 itself.
        long r = Math.max(1, (long) (0.99 * count + 0.5));
        long top = Math.min(count, (long) Math.ceil(0.99 * count) + 1);
        for (long k = 1; k <= count; k++) {
            double x = k < r ? lo + (p99 - lo) * k / r : k <= top ? p99 : p99 * (1 + 0.1 * (k - top) / (count - top));
            h.recordValue(Math.max(1, Math.round(x * 1e6)));
        }
        return HistogramCodec.encode(h);
    }

    private static Distribution dist(long count, double p99) {
        if (count == 0) {
            return Distribution.EMPTY;
        }
        return new Distribution(count, 0.6 * p99, 0.55 * p99, 0.8 * p99, p99, p99 * 1.1);
    }
}
