package dev.slatune.operator;

import dev.slatune.api.ProbeStatus;
import dev.slatune.api.RunState;
import dev.slatune.api.RunStatus;
import dev.slatune.api.SlaTuningSpec;
import dev.slatune.metrics.ProbeResult;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs whose load generator, not the target, limited the pressure ({@code client.saturated}). Such
 * a run measured the client as much as the target, so it never counts as a pass. Below the bound
 * ({@code spec.worker.maxPods}) the run is kept as evidence in state {@link RunState#ClientLimited},
 * not pooled, and the value is measured again with twice the pods; at the bound it is recorded with
 * reason {@code ClientLimited} and its probe marked {@code clientLimited: true}, whose verdict the
 * search never takes for a confident pass.
 */
final class ClientLimits {

    static final String REASON = "ClientLimited";

    private ClientLimits() {}

    /**
     * The most pods one run of {@code s} may use: {@code spec.worker.maxPods}, else the operator's
     * {@code maxPodsPerProbe}; never fewer than {@code spec.probe.parallelism}.
     */
    static int maxPods(SlaTuningSpec s, OperatorSettings settings) {
        int parallelism = s.getProbe() == null || s.getProbe().getParallelism() == null
                ? 1
                : s.getProbe().getParallelism();
        Integer asked = s.getWorker() == null ? null : s.getWorker().getMaxPods();
        return Math.max(parallelism, asked == null ? settings.maxPodsPerProbe() : asked);
    }

    /** How many client-limited runs one value can take at most: the doublings from {@code pods} to {@code max}. */
    static int extraRuns(int pods, int max) {
        int n = 0;
        for (int p = pods; p < max; p = Math.min(max, 2 * p)) {
            n++;
        }
        return n;
    }

    /** Whether the merged result of a run says its client was the bottleneck. */
    static boolean saturated(ProbeResult result) {
        return result.client() != null && result.client().saturated();
    }

    /**
     * The pods of the next run at {@code value} after a client-limited run on {@code pods}: twice as
     * many, at most the bound; empty when that splits the value no further (the bound is reached, or
     * a concurrency too small to give every further pod a slot).
     */
    static OptionalInt morePods(ResolvedSpec spec, double value, int pods) {
        int next = Math.min(spec.runs().maxPods(), 2 * pods);
        if (next <= pods
                || LoadShare.of(spec, value, next).size()
                        <= LoadShare.of(spec, value, pods).size()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(next);
    }

    /** Keeps a client-limited run as evidence only: not recorded, measured again on {@code next} pods. */
    static String retry(ProbeStatus p, RunStatus run, ProbeResult result, int next) {
        String why =
                "the load generator limited the pressure on " + run.getJobs().size() + " pod(s)"
                        + because(result)
                        + "; not recorded, measured again with " + next + " pods";
        run.setState(RunState.ClientLimited);
        run.setReason(REASON);
        run.setMessage(why);
        p.setPods(next);
        return why;
    }

    /** Marks {@code run} and {@code p} when {@code result}'s client saturated; returns why. */
    static Optional<String> mark(ResolvedSpec spec, ProbeStatus p, RunStatus run, ProbeResult result) {
        if (!saturated(result)) {
            return Optional.empty();
        }
        int pods = run.getJobs().size();
        String why = "the load generator limited the pressure" + because(result) + " even on " + pods + " pod(s), "
                + (pods >= spec.runs().maxPods()
                        ? "the most this tuning may use (spec.worker.maxPods "
                                + spec.runs().maxPods() + ")"
                        : "as many as this value splits into")
                + ", so this value cannot count as a pass; give the load pods more CPU (spec.worker.resources)"
                + (pods >= spec.runs().maxPods() ? " or allow more pods (spec.worker.maxPods)" : "");
        run.setReason(REASON);
        run.setMessage(why);
        p.setClientLimited(true);
        return Optional.of(why);
    }

    private static String because(ProbeResult result) {
        return result.client().reason() != null ? " (" + result.client().reason() + ")" : "";
    }
}
