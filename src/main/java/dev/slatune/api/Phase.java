package dev.slatune.api;

/** Where a tuning run stands. */
public enum Phase {
    /** Accepted, no probe started yet. */
    Pending,
    /** Probes are running. */
    Running,
    /** spec.suspend is true: no load Jobs, the history kept; false continues. */
    Suspended,
    /** The search finished and every expectation holds. */
    Succeeded,
    /** The search finished but the found capacity is below {@code spec.expect.minSatisfied}. */
    Failed,
    /** The run could not be carried out: invalid spec, unreachable target, probes that kept failing. */
    Error;

    /** True for the phases a run never leaves (until the spec changes). */
    public boolean terminal() {
        return this == Succeeded || this == Failed || this == Error;
    }
}
