package dev.slatune.search;

import dev.slatune.metrics.Distribution;
import dev.slatune.metrics.ErrorSampler;
import dev.slatune.metrics.GoodputCount;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.RequestCounts;
import dev.slatune.metrics.ServerMetrics;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Turns the runs of one point into the one result that is judged. {@code default} pools the runs exactly
 * (merged histograms); {@code evalscope} averages each statistic over the runs, percentiles included, because
 * that is what EvalScope does. Request counts are always summed, so the error check sees raw counts.
 */
final class Aggregation {

    private Aggregation() {}

    static ProbeResult of(Strategy strategy, List<ProbeResult> runs) {
        return of(strategy, runs, null);
    }

    /** As {@link #of(Strategy, List)}, with the exact pool of the runs when the caller keeps one. */
    static ProbeResult of(Strategy strategy, List<ProbeResult> runs, ProbeResult pooled) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        if (pooled != null && strategy != Strategy.EVALSCOPE) {
            return pooled;
        }
        return strategy == Strategy.EVALSCOPE
                ? averaged(runs)
                : ProbeResult.merge(runs, ProbeResult.MergeMode.SEQUENTIAL);
    }

    /** Per-run averages of every summary number; counts and tokens summed. */
    static ProbeResult averaged(List<ProbeResult> runs) {
        ProbeResult first = runs.get(0);
        RequestCounts counts = first.requests();
        long out = first.outputTokens();
        long in = first.inputTokens();
        long est = first.outputTokensEstimated();
        double window = first.windowSeconds();
        for (ProbeResult r : runs.subList(1, runs.size())) {
            counts = counts.plus(r.requests());
            out += r.outputTokens();
            in += r.inputTokens();
            est += r.outputTokensEstimated();
            window += r.windowSeconds();
        }
        return new ProbeResult(
                        ProbeResult.SCHEMA,
                        first.variable(),
                        first.value(),
                        runs.size(),
                        first.startedAtEpochMs(),
                        window,
                        counts,
                        mean(runs, ProbeResult::rps),
                        mean(runs, ProbeResult::tps),
                        mean(runs, ProbeResult::inputTps),
                        out,
                        in,
                        est,
                        dist(runs, "latency"),
                        dist(runs, "ttft"),
                        dist(runs, "tpot"),
                        dist(runs, "itl"),
                        first.client(),
                        null)
                .withErrorSamples(ErrorSampler.merge(
                        runs.stream().map(ProbeResult::errorSamples).toList()))
                .withServer(ServerMetrics.merge(
                        runs.stream().map(ProbeResult::server).toList(), ProbeResult.MergeMode.SEQUENTIAL))
                .withGoodput(GoodputCount.merge(
                        runs.stream().map(ProbeResult::goodput).toList()));
    }

    private static double mean(List<ProbeResult> runs, ToDoubleFunction<ProbeResult> f) {
        return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /** Averages each statistic over the runs that have samples of it. */
    private static Distribution dist(List<ProbeResult> runs, String name) {
        List<Distribution> ds = runs.stream()
                .map(r -> r.distribution(name))
                .filter(d -> d.count() > 0)
                .toList();
        if (ds.isEmpty()) {
            return Distribution.EMPTY;
        }
        long count = ds.stream().mapToLong(Distribution::count).sum();
        return new Distribution(
                count,
                avg(ds, "avg"),
                avg(ds, "p50"),
                avg(ds, "p90"),
                avg(ds, "p99"),
                ds.stream().mapToDouble(Distribution::max).max().orElse(Double.NaN));
    }

    private static double avg(List<Distribution> ds, String stat) {
        return ds.stream().mapToDouble(d -> d.stat(stat)).average().orElse(Double.NaN);
    }
}
