package dev.slatune.search;

/**
 * One condition judged on one point.
 *
 * @param metric the metric name, or {@code error_rate} for the implicit "no failed requests" rule
 * @param op the operator symbol
 * @param threshold in base units, null for max/min
 * @param measured the measured value in base units (NaN when there were no samples)
 * @param margin signed room to the threshold in base units, positive when passing; 0 for max/min
 * @param pass whether the condition holds
 */
public record ConditionCheck(String metric, String op, Double threshold, double measured, double margin,
        boolean pass) {
}
