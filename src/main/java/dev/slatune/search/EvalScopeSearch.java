package dev.slatune.search;

import dev.slatune.sla.Condition;
import dev.slatune.sla.Measurements;
import dev.slatune.sla.RuleGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * EvalScope's {@code --sla-auto-tune} algorithm, step for step, for users who compare numbers with it:
 * whole values, start clamped into the bounds, doubling until the first violation or the upper bound,
 * halving when the start fails, then an integer binary search; a group made of one {@code max}/{@code min}
 * doubles while the metric strictly improves, then searches between the last improving and the first worse
 * point. Every point gets all its runs, averaged per run. The groups are searched one after another and share
 * the measurements.
 *
 * <p>Deliberate difference: EvalScope splits a group of several conditions into one search per condition;
 * here the conditions of a group must hold together (AND), as everywhere in slatune, so there is one row per
 * group. With single-condition groups (all of EvalScope's examples) the probes and rows are the same.
 */
final class EvalScopeSearch {

    private EvalScopeSearch() {}

    static List<GroupResult> run(Book book) {
        List<GroupResult> out = new ArrayList<>();
        for (RuleGroup g : book.plan.groups()) {
            try {
                out.add(
                        g.objective().isPresent()
                                ? optimise(book, g, g.objective().get())
                                : constrain(book, g));
            } catch (Book.CapReached cap) {
                out.add(DefaultSearch.capped(book, g));
            }
        }
        return out;
    }

    private static GroupResult constrain(Book book, RuleGroup g) {
        TuningPlan plan = book.plan;
        long lb = (long) plan.lowerBound();
        long ub = (long) plan.upperBound();
        long start = (long) plan.clampedStart();
        long lower = start;
        long upper = start;
        if (passesOrStop(book, g, start)) {
            upper = Math.min(start * 2, ub);
            while (upper <= ub) {
                if (!passesOrStop(book, g, upper)) {
                    break;
                }
                lower = upper;
                if (upper == ub) {
                    break;
                }
                upper = Math.min(upper * 2, ub);
            }
        } else {
            upper = start;
            lower = Math.max(start / 2, lb);
            boolean found = false;
            while (lower >= lb) {
                if (passesOrStop(book, g, lower)) {
                    found = true;
                    break;
                }
                upper = lower;
                if (lower == lb) {
                    break;
                }
                lower = Math.max(lower / 2, lb);
            }
            if (!found) {
                return new GroupResult(
                        g.criteria(),
                        plan.variable().key(),
                        null,
                        Outcome.NOT_SATISFIED,
                        Notes.failedAtLowerBound(lb),
                        null,
                        (double) lb,
                        Bracket.binding(book, g, lb));
            }
        }
        long best = lower;
        long left = lower + 1;
        long right = upper - 1;
        if (passesOrStop(book, g, upper)) {
            best = upper;
            left = right + 1;
        }
        while (left <= right) {
            long mid = Math.floorDiv(left + right, 2);
            if (passesOrStop(book, g, mid)) {
                best = mid;
                left = mid + 1;
            } else {
                right = mid - 1;
            }
        }
        Bracket b = Bracket.of(book, g);
        return new GroupResult(
                g.criteria(),
                plan.variable().key(),
                (double) best,
                Outcome.SATISFIED,
                Notes.SATISFIED,
                (double) best,
                b.firstFail(),
                b.bindingRule());
    }

    /**
     * EvalScope's point-estimate pass, with one difference EvalScope cannot make: a value whose load
     * generator was the bottleneck measured the client, so it never counts as a pass.
     */
    private static boolean passesOrStop(Book book, RuleGroup g, long v) {
        GroupVerdict gv = book.fullVerdictOrStop(g, v);
        return gv.pass() && !gv.clientLimited();
    }

    private static GroupResult optimise(Book book, RuleGroup g, Condition objective) {
        TuningPlan plan = book.plan;
        boolean max = objective.op() == dev.slatune.sla.Operator.MAX;
        long ub = (long) plan.upperBound();
        long start = (long) plan.clampedStart();
        long bestValue = start;
        long curr = start;
        double best = metricOrStop(book, objective, start);
        long lower = curr;
        Long upper = null;
        while (true) {
            long next = curr * 2;
            if (next > ub) {
                if (curr < ub) {
                    next = ub;
                } else {
                    break;
                }
            }
            if (next == curr) {
                break;
            }
            double val = metricOrStop(book, objective, next);
            if (max ? val > best : val < best) {
                best = val;
                bestValue = next;
                curr = next;
                lower = curr;
                if (curr == ub) {
                    break;
                }
            } else {
                upper = next;
                break;
            }
        }
        if (upper != null && upper > lower) {
            long left = lower;
            long right = upper;
            while (left < right - 1) {
                long mid = Math.floorDiv(left + right, 2);
                double val = metricOrStop(book, objective, mid);
                if (max ? val > best : val < best) {
                    best = val;
                    bestValue = mid;
                    left = mid;
                } else {
                    right = mid;
                }
            }
        }
        String name = objective.metric().name();
        return new GroupResult(
                g.criteria(),
                plan.variable().key(),
                (double) bestValue,
                Outcome.BEST,
                Notes.best(name, best),
                null,
                null,
                null);
    }

    /** The objective after all runs; EvalScope judges max/min without the success-rate check. */
    private static double metricOrStop(Book book, Condition objective, long v) {
        book.requireRunsOrStop(v, book.plan.runsPerPoint());
        Measurements m = new ProbeMeasurements(book.result(v));
        return objective.metric().read(m);
    }
}
