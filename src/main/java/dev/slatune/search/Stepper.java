package dev.slatune.search;

import dev.slatune.sla.RuleGroup;

/** Picks the next value of a constraint search: where to grow to, and where to cut a bracket. */
final class Stepper {

    private Stepper() {
    }

    /** The next value above a passing {@code lo}. */
    static double up(Book book, RuleGroup g, Domain d, double lo) {
        return d.up(lo);
    }

    /** A value strictly inside (lo, hi), or NaN when there is none. */
    static double between(Book book, RuleGroup g, Domain d, double lo, double hi) {
        return d.middle(lo, hi);
    }
}
