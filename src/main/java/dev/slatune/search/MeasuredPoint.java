package dev.slatune.search;

import dev.slatune.metrics.ProbeResult;
import java.util.List;

/**
 * Every run measured at one pressure value. The history holds one point per distinct value, in the order
 * first measured; later runs at a value are appended to its {@code runs}.
 */
public record MeasuredPoint(double value, List<ProbeResult> runs) {

    public MeasuredPoint {
        runs = List.copyOf(runs);
    }

    /** This point with one more run. */
    public MeasuredPoint plus(ProbeResult run) {
        List<ProbeResult> more = new java.util.ArrayList<>(runs);
        more.add(run);
        return new MeasuredPoint(value, more);
    }
}
