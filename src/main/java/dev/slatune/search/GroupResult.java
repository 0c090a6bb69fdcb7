package dev.slatune.search;

/**
 * The answer for one rule group: a row of the summary table plus where the boundary lies and how sure it is.
 *
 * @param criteria the group's conditions joined with " AND "
 * @param variable {@code parallel} or {@code rate}
 * @param maxSatisfied the highest pressure found that meets the group (the best one for max/min), null for none;
 *     in {@code default}, the highest with a confident pass
 * @param outcome what the search came to, the note's head as a type
 * @param note {@code Satisfied}, {@code Reached upper bound (N)}, {@code Failed at lower bound (N)},
 *     {@code Best tps: X}, or why the search stopped; followed by the uncertainty when there is one
 * @param lastPass the highest measured pressure that passed below {@code firstFail}, null for none
 * @param firstFail the lowest measured pressure above {@code lastPass} that failed, null for none
 * @param bindingRule the condition that failed at {@code firstFail} (the one that limits the pressure), null for none
 * @param uncertainty null when the points the answer rests on have confident verdicts; otherwise what is
 *     uncertain, e.g. {@code boundary uncertain between 64 and 75 (1210 samples)}
 * @param samples the requests measured at the points the answer rests on
 */
public record GroupResult(
        String criteria,
        String variable,
        Double maxSatisfied,
        Outcome outcome,
        String note,
        Double lastPass,
        Double firstFail,
        String bindingRule,
        String uncertainty,
        long samples) {

    /** A result without a statement of confidence (the answer rests on no point, or nobody judged it). */
    public GroupResult(
            String criteria,
            String variable,
            Double maxSatisfied,
            Outcome outcome,
            String note,
            Double lastPass,
            Double firstFail,
            String bindingRule) {
        this(criteria, variable, maxSatisfied, outcome, note, lastPass, firstFail, bindingRule, null, 0);
    }

    /** Whether the answer rests on confident verdicts. */
    public boolean confident() {
        return uncertainty == null;
    }
}
