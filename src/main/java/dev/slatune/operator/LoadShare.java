package dev.slatune.operator;

import java.util.List;

/**
 * One pod's part of a run, as {@link dev.slatune.plan.ProbePlan} splits it: the pressures add up to
 * the whole, so the merged result of the shares measures exactly the value the search asked for;
 * requests are split so that every share lasts about as long; the warm-up is per pod, since every
 * pod starts cold. (The prompt ordinal of a share also depends on the run and attempt: the plan
 * gives it when the Job is built.)
 *
 * @param index the share, from 0
 * @param value this pod's concurrency (whole number) or rate
 * @param requests measured requests of this pod, or null when the run is timed
 * @param warmup warm-up requests of this pod (not measured)
 * @param pods the pods the run was asked to split across (its shares are fewer when a concurrency is
 *     too small to split that far)
 */
public record LoadShare(int index, double value, Integer requests, int warmup, int pods) {

    /** The shares of a run at {@code value} on {@code spec.probe.parallelism} pods. */
    public static List<LoadShare> of(ResolvedSpec spec, double value) {
        return of(spec, value, spec.runs().parallelism());
    }

    /** The shares of a run at {@code value} split across {@code pods} pods (more after a client-limited run). */
    public static List<LoadShare> of(ResolvedSpec spec, double value, int pods) {
        return spec.probePlan().run(0, value, 0, 0, pods).stream()
                .map(s -> new LoadShare(
                        s.share(),
                        s.value(),
                        s.requests() == null ? null : s.requests().intValue(),
                        s.warmupRequests(),
                        pods))
                .toList();
    }
}
