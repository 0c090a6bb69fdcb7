package dev.slatune.search;

import dev.slatune.sla.RuleGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * slatune's recommended search. Constraint groups, in three phases:
 * <ol>
 * <li>bracket: grow from the start until the first failure or the upper bound, or shrink (halving) if the
 * start fails; one cheap run per point, judged on its point estimate;</li>
 * <li>narrow: cut the bracket until its relative width is within the tolerance (whole numbers for
 * parallel), {@link Stepper} picking the values; still one run per point;</li>
 * <li>settle: the points the answer rests on (the bracket's ends, or the bound) get more runs, pooled, until
 * their verdicts are confident ({@link Verdict}) or the sample budget is spent. A settled point whose
 * estimate flips simply sends the replayed search down the other branch. If the last pass stays uncertain,
 * the answer goes conservative: the highest value below it with a confident pass, and the note says
 * between which values the boundary is uncertain.</li>
 * </ol>
 * Groups with a {@code max}/{@code min} go to {@link Optimiser}.
 *
 * <p>Every method named {@code ...OrStop} may stop the strategy to ask for a run ({@link Book#requireRunsOrStop}).
 */
final class DefaultSearch {

    private DefaultSearch() {}

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

    /** The point-estimate verdict at {@code v}, after one run; may stop the strategy for that run. */
    static boolean passesOnceOrStop(Book book, RuleGroup g, double v) {
        book.requireRunsOrStop(v, 1);
        return book.verdict(g, v).pass();
    }

    /**
     * The verdict at {@code v} once it is confident or the budget for it is spent; may stop the strategy
     * for another run while it is neither.
     */
    static GroupVerdict settleOrStop(Book book, RuleGroup g, double v) {
        book.requireRunsOrStop(v, 1);
        if (book.canSettle(g, v)) {
            book.requireRunsOrStop(v, book.runs(v) + 1);
        }
        return book.verdict(g, v);
    }

    /** Phase 1's outcome: a bracket {@code lo < hi} (pass, fail), or a result at a bound. */
    private record Bracketed(double lo, double hi, GroupResult atBound) {}

    private static GroupResult constrain(Book book, RuleGroup g) {
        Domain d = Domain.of(book.plan);
        Bracketed b = bracketOrStop(book, g, d);
        if (b.atBound() != null) {
            return b.atBound();
        }
        double[] narrowed = narrowOrStop(book, g, d, b.lo(), b.hi());
        return settleEndsOrStop(book, g, d, narrowed[0], narrowed[1]);
    }

    /** Phase 1: doubling up from a passing start, or halving down from a failing one. */
    private static Bracketed bracketOrStop(Book book, RuleGroup g, Domain d) {
        String var = book.plan.variable().key();
        double s = book.plan.clampedStart();
        if (passesOnceOrStop(book, g, s)) {
            double lo = s;
            Double prev = null;
            while (true) {
                if (lo >= d.ub()) {
                    return new Bracketed(lo, Double.NaN, atUpperBoundOrStop(book, g, d));
                }
                double x = Stepper.up(book, g, d, prev, lo);
                if (!passesOnceOrStop(book, g, x)) {
                    return new Bracketed(lo, x, null);
                }
                prev = lo;
                lo = x;
            }
        }
        double hi = s;
        while (true) {
            if (hi <= d.lb()) {
                GroupVerdict gv = settleOrStop(book, g, hi);
                String uncertain = gv.sure()
                        ? null
                        : "lower bound " + Notes.value(hi) + " uncertain (" + gv.samples() + " samples)";
                String failed = Judge.failedOverall(book.allRuns());
                String note = Notes.failedAtLowerBound(d.lb())
                        + (uncertain == null ? "" : "; " + uncertain)
                        + (failed == null ? "" : "; " + failed);
                return new Bracketed(
                        Double.NaN,
                        hi,
                        new GroupResult(
                                g.criteria(),
                                var,
                                null,
                                gv.clientLimited() ? Outcome.CLIENT_LIMITED : Outcome.NOT_SATISFIED,
                                note,
                                null,
                                hi,
                                Bracket.binding(book, g, hi),
                                uncertain,
                                gv.samples()));
            }
            double x = d.down(hi);
            if (passesOnceOrStop(book, g, x)) {
                return new Bracketed(x, hi, null);
            }
            hi = x;
        }
    }

    /** The result when the upper bound passes: confident, or the conservative answer below it. */
    private static GroupResult atUpperBoundOrStop(Book book, RuleGroup g, Domain d) {
        double ub = d.ub();
        GroupVerdict gv = settleOrStop(book, g, ub);
        if (gv.verdict() == Verdict.PASS) {
            return new GroupResult(
                    g.criteria(),
                    book.plan.variable().key(),
                    ub,
                    Outcome.REACHED_UPPER_BOUND,
                    Notes.reachedUpperBound(ub),
                    ub,
                    null,
                    null,
                    null,
                    gv.samples());
        }
        return conservativeOrStop(book, g, d, ub, null, Notes.reachedUpperBound(ub));
    }

    /** Phase 2: regula falsi (Illinois) between a pass and a failure until the bracket is closed. */
    private static double[] narrowOrStop(Book book, RuleGroup g, Domain d, double lo, double hi) {
        double wLo = 1;
        double wHi = 1;
        int lastMoved = 0; // -1: lo moved last, +1: hi moved last
        while (!d.closed(lo, hi)) {
            double x = Stepper.between(book, g, d, lo, hi, wLo, wHi);
            if (Double.isNaN(x)) {
                break;
            }
            if (passesOnceOrStop(book, g, x)) {
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
        return new double[] {lo, hi};
    }

    /** Phase 3: confident verdicts at both ends, or a conservative answer. */
    private static GroupResult settleEndsOrStop(Book book, RuleGroup g, Domain d, double lo, double hi) {
        GroupVerdict atHi = settleOrStop(book, g, hi);
        GroupVerdict atLo = settleOrStop(book, g, lo);
        String var = book.plan.variable().key();
        if (atLo.verdict() != Verdict.PASS) {
            return conservativeOrStop(book, g, d, lo, hi, Notes.SATISFIED);
        }
        String uncertain = atHi.sure() ? null : Notes.uncertainBetween(lo, hi, atHi.samples());
        String note = Notes.SATISFIED + (uncertain == null ? "" : "; " + uncertain);
        return new GroupResult(
                g.criteria(),
                var,
                lo,
                uncertain == null ? Outcome.SATISFIED : Outcome.UNCERTAIN,
                note,
                lo,
                hi,
                Bracket.binding(book, g, hi),
                uncertain,
                atLo.samples() + atHi.samples());
    }

    /**
     * The answer when {@code top} (the last pass, or the upper bound) stays uncertain: the highest value
     * below it with a confident pass. Candidates step down by the tolerance, then twice that, four times...,
     * taking a measured passing value instead where one lies in the step; each is settled in turn. The
     * bracket stays the measured one ({@code top}, {@code hi}); only the answer goes down.
     */
    private static GroupResult conservativeOrStop(
            Book book, RuleGroup g, Domain d, double top, Double hi, String base) {
        String var = book.plan.variable().key();
        long doubt = book.samples(top);
        double c = top;
        double step = d.tolerance();
        while (c > d.lb()) {
            c = stepDown(book, g, d, c, step);
            step *= 2;
            GroupVerdict gv = settleOrStop(book, g, c);
            if (gv.verdict() == Verdict.PASS) {
                String uncertain = Notes.uncertainBetween(c, hi == null ? top : hi, doubt);
                return new GroupResult(
                        g.criteria(),
                        var,
                        c,
                        Outcome.UNCERTAIN,
                        base + "; " + uncertain,
                        top,
                        hi,
                        hi == null ? null : Bracket.binding(book, g, hi),
                        uncertain,
                        gv.samples() + doubt);
            }
            doubt += book.samples(c);
        }
        String failed = Judge.failedOverall(book.allRuns());
        boolean limited = book.verdict(g, top).clientLimited();
        String uncertain = "no confident pass down to the lower bound; boundary uncertain below "
                + Notes.value(hi == null ? top : hi) + " (" + doubt + " samples)"
                + (failed == null ? "" : "; " + failed)
                + (limited ? "; the client was the bottleneck, so no pass can be trusted" : "");
        return new GroupResult(
                g.criteria(),
                var,
                null,
                limited ? Outcome.CLIENT_LIMITED : Outcome.NOT_SATISFIED,
                Notes.failedAtLowerBound(d.lb()) + "; " + uncertain,
                top,
                hi,
                hi == null ? null : Bracket.binding(book, g, hi),
                uncertain,
                doubt);
    }

    /**
     * The next candidate below {@code c}: a relative {@code step} down (the caller doubles it each time, so the
     * walk takes a few steps, not dozens), or the highest measured pass within that step.
     */
    private static double stepDown(Book book, RuleGroup g, Domain d, double c, double step) {
        double x = d.below(c / (1 + step), c);
        double best = x;
        for (double v : book.values()) {
            if (v < c && v > best && book.verdict(g, v).pass()) {
                best = v;
            }
        }
        return best;
    }

    /** A best-effort row when the probe cap stops a group: the best bracket the measurements show. */
    static GroupResult capped(Book book, RuleGroup g) {
        String var = book.plan.variable().key();
        String note = Notes.probeCap(book.plan.maxProbes());
        if (g.objective().isPresent()) {
            var best = Optimiser.bestMeasured(book, g);
            return new GroupResult(
                    g.criteria(),
                    var,
                    best == null ? null : best.value(),
                    Outcome.PROBE_CAP,
                    best == null
                            ? note
                            : note + "; "
                                    + Notes.best(g.objective().get().metric().name(), best.metric()),
                    null,
                    null,
                    null,
                    "stopped at the probe cap",
                    0);
        }
        Bracket b = Bracket.of(book, g);
        return new GroupResult(
                g.criteria(),
                var,
                b.lastPass(),
                Outcome.PROBE_CAP,
                note,
                b.lastPass(),
                b.firstFail(),
                b.bindingRule(),
                "stopped at the probe cap",
                0);
    }
}
