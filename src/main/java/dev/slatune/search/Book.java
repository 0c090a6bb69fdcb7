package dev.slatune.search;

import dev.slatune.metrics.ProbeResult;
import dev.slatune.sla.RuleGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements so far, as an oracle the strategies read like a cache: asking for a value that is not
 * measured well enough throws {@link NeedRun}, which {@link Search#next} turns into a {@link Probe}. This
 * lets each strategy be written as the plain sequential algorithm it is (EvalScope's is a loop over a
 * cache) and still be a pure function of the history: it is simply replayed from the start on every call.
 */
final class Book {

    /** Asked for a value that needs one more run; control flow, so no stack trace. */
    static final class NeedRun extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final double value;

        NeedRun(double value) {
            super(null, null, false, false);
            this.value = value;
        }
    }

    /** Asked for a new value when the plan's probe cap is used up. */
    static final class CapReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CapReached() {
            super(null, null, false, false);
        }
    }

    final TuningPlan plan;
    private final Map<Double, List<ProbeResult>> runs = new LinkedHashMap<>();
    private final Map<Double, ProbeResult> aggregated = new HashMap<>();
    private final Map<Double, ProbeResult> pooled = new HashMap<>();
    private final Map<Key, GroupVerdict> verdicts = new HashMap<>();

    Book(TuningPlan plan, List<MeasuredPoint> history) {
        this.plan = plan;
        for (MeasuredPoint p : history) {
            if (!p.runs().isEmpty()) {
                // Two points of one value (a caller's slip) are simply pooled.
                boolean first = !runs.containsKey(p.value());
                runs.computeIfAbsent(p.value(), v -> new ArrayList<>()).addAll(p.runs());
                if (first && p.pooled() != null) {
                    pooled.put(p.value(), p.pooled());
                } else {
                    pooled.remove(p.value());
                }
            }
        }
    }

    /** Runs measured at {@code v}. */
    int runs(double v) {
        List<ProbeResult> l = runs.get(v);
        return l == null ? 0 : l.size();
    }

    /** The values measured so far, in the order first measured. */
    List<Double> values() {
        return List.copyOf(runs.keySet());
    }

    /**
     * Ensures at least {@code n} runs at {@code v}, or STOPS THE STRATEGY (throws {@link NeedRun}, which
     * {@link Search#next} turns into a probe at {@code v}; throws {@link CapReached} for a new value past the
     * probe cap). The replay after that run comes back here and goes on.
     */
    void requireRunsOrStop(double v, int n) {
        int have = runs(v);
        if (have >= n) {
            return;
        }
        if (have == 0 && runs.size() >= plan.maxProbes()) {
            throw new CapReached();
        }
        throw new NeedRun(v);
    }

    /** All runs at {@code v} turned into one result by the plan's strategy; {@code v} must be measured. */
    ProbeResult result(double v) {
        return aggregated.computeIfAbsent(v, k -> Aggregation.of(plan.strategy(), runs.get(k), pooled.get(k)));
    }

    /** The group's verdict on what is measured at {@code v}; {@code v} must be measured. */
    GroupVerdict verdict(RuleGroup group, double v) {
        return verdicts.computeIfAbsent(
                new Key(group, v),
                k -> Judge.verdict(group, result(v), runs.get(v), plan.maxErrorRate(), plan.statistics()));
    }

    /** Requests measured at {@code v} over all its runs. */
    long samples(double v) {
        List<ProbeResult> l = runs.get(v);
        return l == null ? 0 : l.stream().mapToLong(r -> r.requests().total()).sum();
    }

    /**
     * Whether the default search may give {@code v} another run to settle an uncertain verdict: it has runs
     * and samples left, and the samples the verdict would take fit in the sample budget and in the runs left.
     */
    boolean canSettle(RuleGroup group, double v) {
        GroupVerdict gv = verdict(group, v);
        int have = runs(v);
        if (gv.sure() || have == 0 || have >= plan.maxRunsPerPoint()) {
            return false;
        }
        long budget = plan.statistics().sampleBudget();
        long samples = samples(v);
        // The most samples the runs left can bring; hopeless when that or the budget is short of the need. The
        // need is extrapolated from the estimate, which is itself noisy on few samples: up to min samples, only
        // reaching them counts.
        long reachable = samples + (plan.maxRunsPerPoint() - have) * (samples / have);
        long floor = plan.statistics().minSamples();
        long need = samples < floor ? floor : gv.needed();
        return samples < budget && need <= Math.min(budget, reachable);
    }

    /** Every run measured so far, in no particular order. */
    List<ProbeResult> allRuns() {
        return runs.values().stream().flatMap(List::stream).toList();
    }

    private record Key(RuleGroup group, double value) {}

    /** The verdict after the full {@code runsPerPoint} runs (EvalScope's way); may stop the strategy for a run. */
    GroupVerdict fullVerdictOrStop(RuleGroup group, double v) {
        requireRunsOrStop(v, plan.runsPerPoint());
        return verdict(group, v);
    }
}
