package dev.slatune.search;

import dev.slatune.metrics.Distribution;
import dev.slatune.metrics.GoodputCount;
import dev.slatune.metrics.HistogramCodec;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.sla.Condition;
import dev.slatune.sla.Metric;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The confidence interval of one condition's measured value on one point, and the verdict it gives.
 * <ul>
 * <li>Percentiles: order statistics of the pooled samples, read off the merged histogram at the ranks a
 * binomial interval gives ({@link Intervals#quantileRanks}); fewer samples than {@link Statistics#minSamples(double)}
 * is uncertain.</li>
 * <li>Averages: the mean plus or minus z standard errors, the standard deviation read off the histogram;
 * with three or more runs, the Student-t interval of the run means when that is wider (runs drift).
 * Fewer than {@link #MIN_SAMPLES_MEAN} samples is uncertain.</li>
 * <li>rps and tps: with three or more runs, the Student-t interval of the per-run values; with fewer, a
 * Poisson interval on the count of successful requests, its relative width applied to tps too.</li>
 * <li>Success rate: the Wilson interval of successes over requests; goodput the same, of the requests that
 * met the group's per-request SLOs over all requests.</li>
 * </ul>
 */
final class Evidence {

    /** Below this many samples a mean is not trusted to be normal enough for its interval. */
    static final long MIN_SAMPLES_MEAN = 30;

    private Evidence() {}

    static ConditionCheck check(
            Condition c, double measured, ProbeResult pooled, List<ProbeResult> runs, Statistics st) {
        Metric m = c.metric();
        double[] iv;
        long n;
        long floor;
        if (!Double.isNaN(m.quantile())) {
            Distribution d = pooled.distribution(m.distribution());
            n = d.count();
            floor = st.minSamples(m.quantile());
            iv = quantile(pooled, m.distribution(), m.quantile(), st.confidence(), d.stat(m.statistic()), d.max());
        } else if (m.distribution() != null) {
            Distribution d = pooled.distribution(m.distribution());
            n = d.count();
            floor = MIN_SAMPLES_MEAN;
            iv = mean(pooled, runs, m.distribution(), st.confidence(), d);
        } else if (m == Metric.SUCCESS_RATE) {
            n = pooled.requests().total();
            floor = 1;
            iv = Intervals.wilson(pooled.requests().succeeded(), n, st.confidence());
        } else if (m == Metric.GOODPUT) {
            // Counted request by request like the success rate, so the same Wilson interval of met over total.
            GoodputCount g = pooled.goodputOf(c.slosKey());
            n = g == null ? 0 : g.total();
            floor = 1;
            iv = g == null
                    ? new double[] {Double.NaN, Double.NaN}
                    : Intervals.wilson(g.met(), g.total(), st.confidence());
        } else {
            n = pooled.requests().succeeded();
            floor = 1;
            iv = throughput(measured, runs, m, st.confidence(), n);
        }
        boolean pass = c.passes(measured);
        Verdict v;
        if (c.optimises()) {
            v = pass ? Verdict.PASS : Verdict.FAIL;
        } else if (n < floor || Double.isNaN(measured)) {
            v = Double.isNaN(measured) ? Verdict.FAIL : Verdict.UNCERTAIN;
        } else {
            v = Verdict.of(
                    iv[0],
                    iv[1],
                    c.threshold(),
                    c.op().lowerIsBetter(),
                    c.op().symbol().length() == 1);
            // An interval read off a histogram can disagree with the estimate by a bucket; the estimate wins.
            if (v == Verdict.PASS && !pass || v == Verdict.FAIL && pass) {
                v = Verdict.UNCERTAIN;
            }
        }
        long needed = v != Verdict.UNCERTAIN
                ? n
                : !Double.isNaN(m.quantile())
                        ? quantileNeeded(c, pooled, n, floor, st)
                        : needed(c, measured, iv, n, floor, st);
        return new ConditionCheck(
                m, c.op().symbol(), c.threshold(), measured, c.margin(measured), pass, iv[0], iv[1], n, v, needed);
    }

    /** {low, high} of quantile q from the pooled histogram; {NaN, NaN} when it was dropped for size. */
    static double[] quantile(ProbeResult r, String dist, double q, double level, double estimate, double max) {
        String enc = r.histograms().get(dist);
        if (enc == null || Double.isNaN(estimate)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Histogram h = HistogramCodec.decode(enc);
        long n = h.getTotalCount();
        long[] ranks = Intervals.quantileRanks(n, q, level);
        double low = ranks[0] == 0 ? 0 : atRank(h, ranks[0], n);
        double high = ranks[1] > n ? Double.POSITIVE_INFINITY : atRank(h, ranks[1], n);
        if (Double.isFinite(max) && Double.isFinite(high)) {
            // A bucket's upper edge can lie above the exact maximum; no bound above it is ever needed.
            high = Math.min(high, max);
        }
        return new double[] {Math.min(low, estimate), Math.max(high, estimate)};
    }

    /** The value of the sample of that rank (1-based) in seconds; half a rank down against rounding. */
    private static double atRank(Histogram h, long rank, long n) {
        return h.getValueAtPercentile(100.0 * (rank - 0.5) / n) / 1e6;
    }

    private static double[] mean(ProbeResult r, List<ProbeResult> runs, String dist, double level, Distribution d) {
        String enc = r.histograms().get(dist);
        if (d.count() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double half = Double.NaN;
        if (enc != null) {
            double sd = HistogramCodec.decode(enc).getStdDeviation() / 1e6;
            half = Intervals.z(level) * sd / Math.sqrt(d.count());
        }
        List<Double> means = runs.stream()
                .map(p -> p.distribution(dist))
                .filter(x -> x.count() > 0)
                .map(Distribution::avg)
                .toList();
        if (means.size() >= 3) {
            double between = tHalfWidth(means, level);
            half = Double.isNaN(half) ? between : Math.max(half, between);
        }
        return new double[] {d.avg() - half, d.avg() + half};
    }

    private static double[] throughput(double measured, List<ProbeResult> runs, Metric m, double level, long n) {
        if (runs.size() >= 3) {
            List<Double> each =
                    runs.stream().map(p -> m == Metric.RPS ? p.rps() : p.tps()).toList();
            double half = tHalfWidth(each, level);
            return new double[] {measured - half, measured + half};
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double rel = Intervals.z(level) / Math.sqrt(n);
        return new double[] {measured * (1 - rel), measured * (1 + rel)};
    }

    private static double tHalfWidth(List<Double> xs, double level) {
        int k = xs.size();
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return Intervals.t(level, k - 1) * Math.sqrt(ss / (k - 1) / k);
    }

    /**
     * Samples that would decide an uncertain percentile check if the share of samples beyond the threshold
     * held: the binomial test of that share against {@code 1 - q} needs {@code z^2 p (1-p) / (p - p0)^2}
     * samples, and a pass at least the {@code ln(tail) / ln(q)} from which an upper bound exists. Steadier
     * than extrapolating the interval, whose upper end on few samples is the largest one.
     */
    private static long quantileNeeded(Condition c, ProbeResult pooled, long n, long floor, Statistics st) {
        String enc = pooled.histograms().get(c.metric().distribution());
        if (enc == null || n == 0) {
            return Long.MAX_VALUE;
        }
        Histogram h = HistogramCodec.decode(enc);
        long total = h.getTotalCount();
        long atOrBelow = h.getCountBetweenValues(0, Math.round(c.threshold() * 1e6));
        double p = (double) (total - atOrBelow) / total;
        double q = c.metric().quantile();
        double p0 = 1 - q;
        double z = Intervals.z(st.confidence());
        double spread = Math.max(p, p0) * (1 - Math.max(p, p0));
        double est = p == p0 ? Double.POSITIVE_INFINITY : z * z * spread / ((p - p0) * (p - p0));
        if (p < p0) {
            est = Math.max(est, Math.log((1 - st.confidence()) / 2) / Math.log(q));
        }
        return (long) Math.min(Long.MAX_VALUE / 2, Math.max(Math.max(floor, n + 1), Math.ceil(est)));
    }

    /**
     * Samples that would decide an uncertain check if the estimate held: the interval narrows with the
     * square root of the samples, so n (side / distance)^2; without an upper bound yet (too few samples
     * for the quantile), the count from which one exists.
     */
    private static long needed(Condition c, double measured, double[] iv, long n, long floor, Statistics st) {
        if (Double.isNaN(measured) || c.threshold() == null) {
            return Long.MAX_VALUE;
        }
        double dist = Math.abs(measured - c.threshold());
        if (dist == 0) {
            return Long.MAX_VALUE;
        }
        boolean towardsHigh = c.passes(measured) == c.op().lowerIsBetter();
        double side = towardsHigh ? iv[1] - measured : measured - iv[0];
        double est;
        if (Double.isFinite(side) && n > 0) {
            est = n * (side / dist) * (side / dist);
        } else if (!Double.isNaN(c.metric().quantile())) {
            // No upper bound yet: the order statistic that bounds the quantile exists only from
            // ln(tail) / ln(q) samples on (368 for a p99 at 95%); the extrapolation above takes over from there.
            est = Math.log((1 - st.confidence()) / 2) / Math.log(c.metric().quantile());
        } else {
            return Long.MAX_VALUE;
        }
        return (long) Math.min(Long.MAX_VALUE / 2, Math.max(Math.max(floor, n + 1), Math.ceil(est)));
    }
}
