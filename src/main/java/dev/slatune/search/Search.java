package dev.slatune.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The search as a pure function: given the plan and every run measured so far, the next run to measure or
 * the final results. It holds no state, so a restarted operator computes the same next step from its
 * status. Callers loop: {@code next} → run one load at {@link Probe#value()} → append the result to that
 * value's point → {@code next} again, until {@link Done}.
 */
public final class Search {

    private Search() {}

    /** The next step; deterministic in ({@code plan}, {@code history}). */
    public static Step next(TuningPlan plan, List<MeasuredPoint> history) {
        Book book = new Book(plan, history);
        try {
            return new Done(
                    plan.strategy() == Strategy.EVALSCOPE ? EvalScopeSearch.run(book) : DefaultSearch.run(book));
        } catch (Book.NeedRun need) {
            return new Probe(need.value);
        }
    }

    /**
     * The one result a point is judged on: its runs pooled ({@code default}) or EvalScope's per-run averages
     * ({@code evalscope}), so that reports can show the numbers the verdict used.
     */
    public static dev.slatune.metrics.ProbeResult aggregate(TuningPlan plan, MeasuredPoint point) {
        if (point.runs().isEmpty()) {
            throw new IllegalArgumentException("point " + point.value() + " has no runs to aggregate");
        }
        return Aggregation.of(plan.strategy(), point.runs());
    }

    /**
     * Every group's verdict on one point, aggregated the way the plan's strategy does (pooled in
     * {@code default}, averaged per run in {@code evalscope}), with each condition's measured value,
     * threshold and margin. The first check of each group is the implicit error-rate rule.
     */
    public static List<GroupVerdict> verdicts(TuningPlan plan, MeasuredPoint point) {
        if (point.runs().isEmpty()) {
            throw new IllegalArgumentException("point " + point.value() + " has no runs to judge");
        }
        var result = Aggregation.of(plan.strategy(), point.runs(), point.pooled());
        List<GroupVerdict> out = new ArrayList<>();
        for (var g : plan.groups()) {
            out.add(Judge.verdict(g, result, plan.maxErrorRate()));
        }
        return out;
    }
}
