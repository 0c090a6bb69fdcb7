package dev.slatune.api;

/** Where one run of one value stands. */
public enum RunState {
    /** Its attempt is recorded; its Jobs are being created (the status is written before any Job exists). */
    Pending,
    /** Its Jobs were seen and have not all finished. */
    Running,
    /** Every share's Job succeeded and the result is recorded. */
    Succeeded,
    /**
     * Every share's Job succeeded, but the load generator, not the target, limited the pressure
     * ({@code client.saturated}): kept as evidence, never pooled or judged, and the value is measured
     * again with more pods (the next run).
     */
    ClientLimited,
    /** It failed and will not be retried; the run ends in Error. */
    Failed,
    /** A Job of it vanished before its result was read (deleted by hand): nothing recorded, not re-created. */
    Aborted;

    /** True while the run's current attempt may still have Jobs. */
    public boolean inFlight() {
        return this == Pending || this == Running;
    }
}
