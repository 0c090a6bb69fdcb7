package dev.slatune.search;

import dev.slatune.sla.Metric;

/**
 * One condition judged on one point.
 *
 * @param metric the metric, or {@link Metric#ERROR_RATE} for the implicit "no failed requests" rule
 * @param op the operator symbol
 * @param threshold in base units, null for max/min
 * @param measured the measured value in base units (NaN when there were no samples)
 * @param margin signed room to the threshold in base units, positive when passing; 0 for max/min
 * @param pass whether the measured value meets the condition (the point estimate; what {@code evalscope} uses)
 * @param low the lower end of the confidence interval of the measured value (NaN when there is none)
 * @param high the upper end (NaN when there is none, +Infinity when too few samples bound it from above)
 * @param samples the samples the interval rests on (requests for rates, values for a distribution)
 * @param verdict {@code pass}/{@code fail} when the interval lies wholly on one side, else {@code uncertain}
 * @param needed roughly how many samples would make an uncertain verdict certain, if the estimate held
 *     ({@link Long#MAX_VALUE} when it sits on the threshold); {@code samples} when already certain
 */
public record ConditionCheck(
        Metric metric,
        String op,
        Double threshold,
        double measured,
        double margin,
        boolean pass,
        double low,
        double high,
        long samples,
        Verdict verdict,
        long needed) {

    /** A check whose verdict is certain by construction (counts, not estimates): the interval is the value. */
    static ConditionCheck exact(
            Metric metric, String op, Double threshold, double measured, double margin, boolean pass, long samples) {
        return new ConditionCheck(
                metric,
                op,
                threshold,
                measured,
                margin,
                pass,
                measured,
                measured,
                samples,
                pass ? Verdict.PASS : Verdict.FAIL,
                samples);
    }
}
