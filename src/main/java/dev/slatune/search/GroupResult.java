package dev.slatune.search;

/**
 * The answer for one rule group: a row of the summary table plus where the boundary lies.
 *
 * @param criteria the group's conditions joined with " AND "
 * @param variable {@code parallel} or {@code rate}
 * @param maxSatisfied the highest pressure found that meets the group (the best one for max/min), null for none
 * @param note {@code Satisfied}, {@code Reached upper bound (N)}, {@code Failed at lower bound (N)},
 *     {@code Best tps: X}, or why the search stopped
 * @param lastPass the highest measured pressure that passed below {@code firstFail}, null for none
 * @param firstFail the lowest measured pressure above {@code lastPass} that failed, null for none
 * @param bindingRule the condition that failed at {@code firstFail} (the one that limits the pressure), null for none
 */
public record GroupResult(String criteria, String variable, Double maxSatisfied, String note, Double lastPass,
        Double firstFail, String bindingRule) {
}
