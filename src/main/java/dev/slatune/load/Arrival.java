package dev.slatune.load;

/** How open-loop arrivals are spaced. */
public enum Arrival {
    /** Exponential gaps with mean 1/rate: independent arrivals, as real users produce. */
    POISSON,
    /** Exactly 1/rate apart. */
    CONSTANT
}
