package dev.slatune.search;

import dev.slatune.metrics.GoodputCount;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.sla.Measurements;

/** Adapts a {@link ProbeResult} to what the rules read, so that {@code sla} stays free of {@code metrics}. */
record ProbeMeasurements(ProbeResult result) implements Measurements {

    @Override
    public double statistic(String distribution, String statistic) {
        var d = result.distribution(distribution);
        return d.count() == 0 ? Double.NaN : d.stat(statistic);
    }

    @Override
    public double rps() {
        return result.rps();
    }

    @Override
    public double tps() {
        return result.tps();
    }

    @Override
    public double successRate() {
        return result.successRate();
    }

    @Override
    public double goodput(String slos) {
        GoodputCount c = result.goodputOf(slos);
        return c == null ? Double.NaN : c.share();
    }
}
