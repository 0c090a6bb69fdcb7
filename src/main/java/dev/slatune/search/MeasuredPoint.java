package dev.slatune.search;

import dev.slatune.metrics.ProbeResult;
import java.util.List;

/**
 * Every run measured at one pressure value. The history holds one point per distinct value, in the order
 * first measured; later runs at a value are appended to its {@code runs}.
 *
 * <p>{@code pooled}, when given, is the exact merge of all runs (histograms included); then the runs may be
 * summaries without histograms, which is how the operator keeps its status bounded: one histogram set per
 * value, however many runs. The pooling aggregation uses it; the per-run one reads the runs.
 *
 * @param value the pressure
 * @param runs every run at it, in order
 * @param pooled the runs merged, or null to merge {@code runs} when needed
 */
public record MeasuredPoint(double value, List<ProbeResult> runs, ProbeResult pooled) {

    public MeasuredPoint {
        runs = List.copyOf(runs);
    }

    /** A point whose runs carry their own histograms. */
    public MeasuredPoint(double value, List<ProbeResult> runs) {
        this(value, runs, null);
    }

    /** This point with one more run. */
    public MeasuredPoint plus(ProbeResult run) {
        List<ProbeResult> more = new java.util.ArrayList<>(runs);
        more.add(run);
        return new MeasuredPoint(
                value,
                more,
                pooled == null ? null : ProbeResult.merge(List.of(pooled, run), ProbeResult.MergeMode.SEQUENTIAL));
    }
}
