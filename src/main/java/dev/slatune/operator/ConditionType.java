package dev.slatune.operator;

/** The condition types of a SlaTuning, in the order they are listed. */
public enum ConditionType {
    /** The answer is final and the run succeeded. */
    Ready,
    /** Probes are running (or waiting to). */
    Progressing,
    /** Every rule group is satisfied at some value, and at least spec.expect.minSatisfied. */
    SlaSatisfied
}
