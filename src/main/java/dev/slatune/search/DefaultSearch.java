package dev.slatune.search;

import dev.slatune.sla.RuleGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * slatune's recommended search. Constraint groups: grow from the start until the first failure or the upper
 * bound, shrink (halving) if the start fails, then narrow the bracket until its relative width is within the
 * tolerance (whole numbers for parallel); {@link Stepper} picks the values. Each point is measured once while
 * the search moves; only the points the answer rests on (the final bracket ends, or the bound) are repeated,
 * and only while their verdict is close to a threshold and the curve is flat enough there that a noisy
 * verdict could move the answer by more than half the tolerance ({@link Stepper#flat}); the runs are pooled.
 * A repeat that flips a verdict simply sends the replayed search down the other branch. Groups with a
 * {@code max}/{@code min} go to {@link Optimiser}.
 */
final class DefaultSearch {

    /**
     * A verdict is "close", and worth another run, when a deciding condition is within this share of its
     * threshold: closer than that, run-to-run noise of a few pooled requests can flip it.
     */
    static final double REPEAT_BAND = 0.10;

    private DefaultSearch() {
    }

    static List<GroupResult> run(Book book) {
        List<GroupResult> out = new ArrayList<>();
        for (RuleGroup g : book.plan.groups()) {
            try {
                out.add(g.objective().isPresent() ? Optimiser.run(book, g) : constrain(book, g));
            } catch (Book.CapReached cap) {
                out.add(capped(book, g));
            }
        }
        return out;
    }

    /** The verdict on what is measured at {@code v}, asking for a first run if there is none. */
    static boolean quick(Book book, RuleGroup g, double v) {
        book.require(v, 1);
        return book.verdict(g, v).pass();
    }

    /**
     * Repeats a point that ends the search (a bracket end, a bound) while its verdict is close and runs remain.
     * If the pooled runs flip the verdict, the next replay of the search takes the other branch there.
     */
    static void confirm(Book book, RuleGroup g, double v) {
        passes(book, g, v);
    }

    /** Whether {@code g} holds at {@code v}, asking for more runs while the verdict is close and runs remain. */
    static boolean passes(Book book, RuleGroup g, double v) {
        book.require(v, 1);
        GroupVerdict gv = book.verdict(g, v);
        int runs = book.runs(v);
        if (runs < book.plan.runsPerPoint() && !decisive(gv, book.plan.maxErrorRate())) {
            book.require(v, runs + 1);
        }
        return gv.pass();
    }

    /** A pass is decisive when every check is far from its threshold; a failure when any failing check is. */
    static boolean decisive(GroupVerdict gv, double maxErrorRate) {
        if (gv.pass()) {
            return gv.checks().stream().allMatch(c -> far(c, maxErrorRate));
        }
        return gv.checks().stream().anyMatch(c -> !c.pass() && far(c, maxErrorRate));
    }

    private static boolean far(ConditionCheck c, double maxErrorRate) {
        if (c.threshold() == null || Double.isNaN(c.measured())) {
            return true;
        }
        if (Judge.ERROR_RATE.equals(c.metric())) {
            // With no failures allowed, a failure is final and pooling more runs cannot undo it.
            return maxErrorRate == 0 || Math.abs(c.margin()) >= REPEAT_BAND * maxErrorRate;
        }
        return Math.abs(c.margin()) >= REPEAT_BAND * Math.abs(c.threshold());
    }

    private static GroupResult constrain(Book book, RuleGroup g) {
        TuningPlan plan = book.plan;
        Domain d = Domain.of(plan);
        String var = plan.variable().key();
        double lo;
        double hi;
        double s = plan.clampedStart();
        if (quick(book, g, s)) {
            lo = s;
            Double prev = null;
            while (true) {
                if (lo >= d.ub()) {
                    confirm(book, g, lo);
                    return new GroupResult(g.criteria(), var, lo, Notes.reachedUpperBound(d.ub()), lo, null, null);
                }
                double x = Stepper.up(book, g, d, prev, lo);
                if (quick(book, g, x)) {
                    prev = lo;
                    lo = x;
                } else {
                    hi = x;
                    break;
                }
            }
        } else {
            hi = s;
            while (true) {
                if (hi <= d.lb()) {
                    confirm(book, g, hi);
                    return new GroupResult(g.criteria(), var, null, Notes.failedAtLowerBound(d.lb()), null, hi,
                            Bracket.binding(book, g, hi));
                }
                double x = d.down(hi);
                if (quick(book, g, x)) {
                    lo = x;
                    break;
                }
                hi = x;
            }
        }
        double wLo = 1;
        double wHi = 1;
        int lastMoved = 0; // -1: lo moved last, +1: hi moved last
        while (!d.closed(lo, hi)) {
            double x = Stepper.between(book, g, d, lo, hi, wLo, wHi);
            if (Double.isNaN(x)) {
                break;
            }
            if (quick(book, g, x)) {
                lo = x;
                wLo = 1;
                wHi = lastMoved == -1 ? wHi / 2 : wHi;
                lastMoved = -1;
            } else {
                hi = x;
                wHi = 1;
                wLo = lastMoved == 1 ? wLo / 2 : wLo;
                lastMoved = 1;
            }
        }
        if (Stepper.flat(book, g, d, lo, hi)) {
            confirm(book, g, lo);
            confirm(book, g, hi);
        }
        return new GroupResult(g.criteria(), var, lo, Notes.SATISFIED, lo, hi, Bracket.binding(book, g, hi));
    }

    /** A best-effort row when the probe cap stops a group: the best bracket the measurements show. */
    static GroupResult capped(Book book, RuleGroup g) {
        String var = book.plan.variable().key();
        String note = Notes.probeCap(book.plan.maxProbes());
        if (g.objective().isPresent()) {
            var best = Optimiser.bestMeasured(book, g);
            return new GroupResult(g.criteria(), var, best == null ? null : best.value(),
                    best == null ? note : note + "; " + Notes.best(g.objective().get().metric().name(), best.metric()),
                    null, null, null);
        }
        Bracket b = Bracket.of(book, g);
        return new GroupResult(g.criteria(), var, b.lastPass(), note, b.lastPass(), b.firstFail(), b.bindingRule());
    }
}
