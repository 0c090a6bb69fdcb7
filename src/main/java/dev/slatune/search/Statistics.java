package dev.slatune.search;

/**
 * How much evidence a verdict needs and how much the default search may spend to get it.
 *
 * @param confidence the two-sided confidence level of every interval (0.95)
 * @param minSamples the fewest samples a percentile verdict rests on: {@code max(minSamples, 2 / (1 - q))}
 *     for quantile q, so a p99.9 needs 2,000 where a p99 needs 200; fewer is {@code uncertain}
 * @param sampleBudget the most requests the default search pools at one point while its verdict is
 *     uncertain; past it (or when the samples it would take are beyond it) the answer goes conservative
 */
public record Statistics(double confidence, int minSamples, int sampleBudget) {

    public static final double DEFAULT_CONFIDENCE = 0.95;
    public static final int DEFAULT_MIN_SAMPLES = 200;
    public static final int DEFAULT_SAMPLE_BUDGET = 1000;
    public static final Statistics DEFAULT =
            new Statistics(DEFAULT_CONFIDENCE, DEFAULT_MIN_SAMPLES, DEFAULT_SAMPLE_BUDGET);

    public Statistics {
        if (!(confidence >= 0.5 && confidence < 1)) {
            throw new IllegalArgumentException(
                    "confidence must be a level in [0.5, 1), such as 0.95, got " + confidence);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("min samples must be at least 1, got " + minSamples);
        }
        if (sampleBudget < minSamples) {
            throw new IllegalArgumentException("the sample budget (" + sampleBudget + ") must be at least the min"
                    + " samples (" + minSamples + "): a point could never be decided");
        }
    }

    /** The fewest samples a verdict on quantile {@code q} may rest on. */
    public long minSamples(double q) {
        return Math.max(minSamples, (long) Math.ceil(2 / (1 - q) - 1e-9));
    }
}
