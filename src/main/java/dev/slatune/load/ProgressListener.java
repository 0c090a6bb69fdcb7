package dev.slatune.load;

/** Receives periodic {@link Progress} of a running probe; called from an event loop, so keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = p -> {};

    /** The latest snapshot. */
    void onProgress(Progress progress);

    /**
     * One measured request has completed (warm-up excluded), for callers that keep per-request figures of
     * their own, such as {@code perf}'s EvalScope percentile table. Called from an event loop.
     */
    default void onMeasured(dev.slatune.metrics.RequestOutcome outcome) {}
}
