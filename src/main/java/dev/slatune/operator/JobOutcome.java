package dev.slatune.operator;

import dev.slatune.metrics.ProbeResult;

/** What became of one load Job, as read from the Job and its pod. */
public sealed interface JobOutcome {

    /** Not finished yet. */
    record Running() implements JobOutcome {
    }

    /** Finished and its pod left a readable result. */
    record Measured(ProbeResult result) implements JobOutcome {
    }

    /**
     * Failed, or finished without a readable result.
     *
     * @param retryable false when running it again cannot help (bad configuration, unreachable target)
     * @param reason a CamelCase reason for conditions and events
     * @param message what happened, in words
     */
    record Failed(boolean retryable, String reason, String message) implements JobOutcome {
    }
}
