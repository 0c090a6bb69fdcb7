package dev.slatune.operator;

import dev.slatune.api.Phase;

/**
 * One thing the act step does after the decision. The status is written first; Jobs are created
 * only once the status recording their attempt is stored, so no load starts whose result cannot be
 * recorded.
 */
public sealed interface Action {

    /**
     * Create the Job {@code key} names: {@code share} of a run at {@code value}, its load starting at
     * {@code startAt} (epoch ms; null: at once) together with the other shares.
     */
    record CreateJob(JobKey key, double value, LoadShare share, Long startAt) implements Action {}

    /** Delete a Job (background propagation: its pod goes too). */
    record DeleteJob(String name, String why) implements Action {}

    /**
     * Record a Kubernetes Event on the resource.
     *
     * @param reason a {@link Reason} name, or a spec problem's reason ({@link SpecProblem#reason()})
     */
    record Emit(boolean warning, String reason, String message) implements Action {

        Emit(boolean warning, Reason reason, String message) {
            this(warning, reason.name(), message);
        }
    }

    /** Count a Prometheus metric: a run started, a run ended ({@code outcome}), or a tuning ended. */
    record Count(Meter meter, String outcome) implements Action {}

    /** The latest answer of one rule group, for the max-satisfied gauge. */
    record Answer(String criteria, Double maxSatisfied) implements Action {}

    /** The counters {@link Count} feeds. */
    enum Meter {
        RUN_STARTED,
        RUN_FINISHED,
        TUNING_FINISHED
    }

    /** A tuning that ended in {@code phase}. */
    static Count tuningFinished(Phase phase) {
        return new Count(Meter.TUNING_FINISHED, phase.name());
    }
}
