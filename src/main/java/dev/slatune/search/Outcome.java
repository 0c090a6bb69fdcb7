package dev.slatune.search;

/**
 * What a rule group's search came to, as a type: the note says the same in words (EvalScope's where it has
 * them), but a program reads this. How sure the answer is stays in {@link GroupResult#uncertainty()}.
 */
public enum Outcome {
    /** The highest pressure that meets the group, with a confident pass, and the failure above it located. */
    SATISFIED("satisfied"),
    /** The upper bound itself passes with confidence: the capacity may lie above the search range. */
    REACHED_UPPER_BOUND("reached_upper_bound"),
    /**
     * An answer with a confident pass below a point whose verdict stayed uncertain (sample budget spent): the
     * boundary lies somewhere between, so the answer is conservative.
     */
    UNCERTAIN("uncertain"),
    /** Nothing meets the group down to the lower bound. */
    NOT_SATISFIED("not_satisfied"),
    /** No pass can be trusted: the load generator itself was the bottleneck where it mattered. */
    CLIENT_LIMITED("client_limited"),
    /** A max/min group: the best pressure for the objective. */
    BEST("best"),
    /** The probe cap stopped the search: a best-effort answer from what was measured. */
    PROBE_CAP("probe_cap");

    private final String key;

    Outcome(String key) {
        this.key = key;
    }

    /** The name in summary.json and the status, e.g. {@code not_satisfied}. */
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key;
    }
}
