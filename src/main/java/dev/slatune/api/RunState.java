package dev.slatune.api;

/** Where one run of one value stands. */
public enum RunState {
    /** Its Jobs exist (or are being created) and have not all finished. */
    Running,
    /** Every share's Job succeeded and the result is recorded. */
    Succeeded,
    /** It failed and will not be retried; the run ends in Error. */
    Failed
}
