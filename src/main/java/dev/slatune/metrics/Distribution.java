package dev.slatune.metrics;

/**
 * Summary of one latency-like metric, in seconds. Percentiles come from a histogram of
 * {@link HistogramCodec#SIGNIFICANT_DIGITS} significant digits and are clamped to the exact
 * {@code min}..{@code max}, so a reported percentile never lies outside what was observed.
 *
 * @param count the number of samples (needed to merge averages exactly)
 * @param avg exact mean of the samples
 * @param p50 median, from the histogram
 * @param p90 90th percentile, from the histogram
 * @param p99 99th percentile, from the histogram
 * @param max exact maximum
 * @param min exact minimum; NaN in results written before schema v2
 */
public record Distribution(long count, double avg, double p50, double p90, double p99, double max, double min) {

    /** The distribution of no samples: every statistic is NaN. */
    public static final Distribution EMPTY =
            new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** A distribution whose exact minimum is unknown (results of schema v1, averaged summaries). */
    public Distribution(long count, double avg, double p50, double p90, double p99, double max) {
        this(count, avg, p50, p90, p99, max, Double.NaN);
    }

    /** The value of the named statistic: {@code avg}, {@code p50}, {@code p90}, {@code p99}, {@code max} or {@code min}. */
    public double stat(String name) {
        return switch (name) {
            case "avg" -> avg;
            case "p50" -> p50;
            case "p90" -> p90;
            case "p99" -> p99;
            case "max" -> max;
            case "min" -> min;
            default -> throw new IllegalArgumentException("unknown statistic '" + name + "'");
        };
    }
}
