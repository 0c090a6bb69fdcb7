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
 */
public record LoadShare(int index, double value, Integer requests, int warmup) {

    /** The shares of every run at {@code value}. */
    public static List<LoadShare> of(ResolvedSpec spec, double value) {
        return spec.probePlan().run(0, value, 0, 0).stream()
                .map(s -> new LoadShare(
                        s.share(),
                        s.value(),
                        s.requests() == null ? null : s.requests().intValue(),
                        s.warmupRequests()))
                .toList();
    }
}
