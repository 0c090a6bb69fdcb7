package dev.slatune.operator;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One pod's part of a run, by its index: what it measures (pressure, requests, warm-up, prompt
 * ordinal) is {@link dev.slatune.plan.ProbePlan}'s to decide, for the run and attempt at hand.
 *
 * @param index the share, from 0
 */
public record LoadShare(int index) {

    /** The shares of every run at {@code value}: as many as the probe plan splits that value into. */
    public static List<LoadShare> of(ResolvedSpec spec, double value) {
        return IntStream.range(0, spec.probePlan().run(0, value, 0, 0).size()).mapToObj(LoadShare::new).toList();
    }
}
