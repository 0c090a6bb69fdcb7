package dev.slatune.search;

/**
 * The interval arithmetic behind every verdict: normal and Student-t quantiles, the Wilson interval of a
 * proportion, and the ranks of the order statistics that bound a quantile (a binomial interval on ranks).
 * Pure functions of their arguments; {@code level} is a two-sided confidence level such as 0.95.
 */
final class Intervals {

    private Intervals() {}

    /** The two-sided normal critical value: 1.96 for 0.95. */
    static double z(double level) {
        return normalQuantile(1 - (1 - level) / 2);
    }

    /** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
        }
        double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /**
     * The two-sided Student-t critical value with {@code df} degrees of freedom (Cornish-Fisher expansion
     * around the normal one; exact values for 1 and 2 degrees of freedom, where the expansion is poor).
     */
    static double t(double level, int df) {
        double p = 1 - (1 - level) / 2;
        if (df == 1) {
            return Math.tan(Math.PI * (p - 0.5));
        }
        if (df == 2) {
            double a = 4 * p * (1 - p);
            return 2 * (p - 0.5) * Math.sqrt(2 / a);
        }
        double z = normalQuantile(p);
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double v = df;
        return z
                + (z3 + z) / (4 * v)
                + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }

    /** The Wilson score interval of {@code k} successes in {@code n} trials: {low, high}; {0, 1} for n = 0. */
    static double[] wilson(long k, long n, double level) {
        if (n <= 0) {
            return new double[] {0, 1};
        }
        double z = z(level);
        double p = (double) k / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        // At the edges the bound is exact: k = 0 cannot have a lower bound above 0.
        return new double[] {k == 0 ? 0 : Math.max(0, centre - half), k == n ? 1 : Math.min(1, centre + half)};
    }

    /**
     * The ranks (1-based, in sorted order) of the order statistics that bound the {@code q} quantile of
     * the population with the given confidence: {@code X(lo) <= ξq <= X(hi)} holds with probability at
     * least {@code level}, each side failing with at most half the rest. {@code lo} is 0 when there is no
     * lower bound (too few samples below) and {@code hi} is {@code n + 1} when there is no upper bound (too
     * few samples above: a p99 needs about 370 samples before the largest one bounds it at 95%).
     * Exact binomial tails while {@code n q (1-q)} is small, normal approximation with continuity
     * correction beyond.
     */
    static long[] quantileRanks(long n, double q, double level) {
        double tail = (1 - level) / 2;
        if (n <= 0) {
            return new long[] {0, 1};
        }
        double var = n * q * (1 - q);
        if (var >= 30) {
            double z = normalQuantile(1 - tail);
            double sd = Math.sqrt(var);
            long lo = (long) Math.floor(n * q - z * sd - 0.5);
            long hi = (long) Math.ceil(n * q + z * sd + 1.5);
            return new long[] {Math.max(lo, 0), Math.min(hi, n + 1)};
        }
        double[] cdf = binomialCdf((int) n, q);
        // lo: the largest rank with P(Bin <= lo - 1) <= tail, i.e. P(X(lo) > ξq) <= tail.
        long lo = 0;
        for (int r = 1; r <= n; r++) {
            if (cdf[r - 1] <= tail) {
                lo = r;
            } else {
                break;
            }
        }
        // hi: the smallest rank with P(Bin <= hi - 1) >= 1 - tail, i.e. P(X(hi) < ξq) <= tail.
        long hi = n + 1;
        for (int r = 1; r <= n; r++) {
            if (cdf[r - 1] >= 1 - tail) {
                hi = r;
                break;
            }
        }
        return new long[] {lo, hi};
    }

    /** {@code cdf[k] = P(Bin(n, q) <= k)} for k in 0..n; only called while n q (1-q) is small. */
    private static double[] binomialCdf(int n, double q) {
        double[] pmf = new double[n + 1];
        if (q >= 0.5) {
            pmf[n] = Math.pow(q, n);
            for (int k = n; k > 0; k--) {
                pmf[k - 1] = pmf[k] * k / (n - k + 1) * (1 - q) / q;
            }
        } else {
            pmf[0] = Math.pow(1 - q, n);
            for (int k = 0; k < n; k++) {
                pmf[k + 1] = pmf[k] * (n - k) / (k + 1) * q / (1 - q);
            }
        }
        double[] cdf = new double[n + 1];
        double s = 0;
        for (int k = 0; k <= n; k++) {
            s += pmf[k];
            cdf[k] = Math.min(1, s);
        }
        return cdf;
    }
}
