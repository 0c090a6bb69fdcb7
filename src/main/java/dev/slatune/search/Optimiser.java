package dev.slatune.search;

import dev.slatune.sla.Condition;
import dev.slatune.sla.Operator;
import dev.slatune.sla.RuleGroup;

/**
 * The default search for a group with a {@code max} or {@code min}: the best value of the metric among the
 * pressures that meet the group's other conditions (and the error rule). It doubles from the start while the
 * metric improves by more than {@link #PLATEAU}, halves when the start does not improve on its neighbours,
 * brackets the best grid point on both sides, narrows the bracket by golden-section steps, and finally
 * reports the smallest pressure whose metric is within {@link #PLATEAU} of the best, because on a plateau
 * more pressure buys only latency.
 */
final class Optimiser {

    /** Metric values within this share of the best count as equally good (a plateau). */
    static final double PLATEAU = 0.02;
    /** Golden-section step: the share of the larger side to step into. */
    private static final double GOLDEN = 0.381966;

    /** A measured value and its objective metric (raw, in base units). */
    record Scored(double value, double metric) {}

    private Optimiser() {}

    /** Where the search stands between phases: the best point so far and the bracket around it. */
    private record State(double best, Double left, Double right, boolean flat) {}

    static GroupResult run(Book book, RuleGroup g) {
        Objective f = objective(book, g);
        Domain d = Domain.of(book.plan);
        // 1. A feasible point, halving from the start if it is not.
        State s = feasibleOrStop(book, f, d);
        if (s == null) {
            double lb = lowestTried(book, d);
            return new GroupResult(
                    g.criteria(),
                    book.plan.variable().key(),
                    null,
                    Outcome.NOT_SATISFIED,
                    Notes.failedAtLowerBound(d.lb()),
                    null,
                    lb,
                    Bracket.binding(book, g, lb));
        }
        // 2. Grow while clearly improving; 3. if nothing above beat the first point, halve while improving.
        s = growOrStop(f, d, s);
        s = shrinkOrStop(f, d, s);
        // 4. Golden-section steps into the larger side of the bracket around the best point.
        if (!s.flat()) {
            goldenOrStop(f, d, s);
        }
        // 5. The smallest pressure within the plateau of the best, the best settled to a confident verdict.
        return plateauAnswerOrStop(book, g, f, d);
    }

    private static Objective objective(Book book, RuleGroup g) {
        return new Objective(book, g, g.objective().orElseThrow().op() == Operator.MAX);
    }

    /**
     * The first feasible value halving down from the start, with the infeasible value above it (if the start
     * was not feasible) as the bracket's right side; null when even the lower bound fails.
     */
    private static State feasibleOrStop(Book book, Objective f, Domain d) {
        double x = book.plan.clampedStart();
        Double infeasibleAbove = null;
        while (Double.isNaN(f.scoreOrStop(x))) {
            if (x <= d.lb()) {
                return null;
            }
            infeasibleAbove = x;
            x = d.down(x);
        }
        return new State(x, null, infeasibleAbove, false);
    }

    private static double lowestTried(Book book, Domain d) {
        return book.values().stream().mapToDouble(Double::doubleValue).min().orElse(d.lb());
    }

    private static State growOrStop(Objective f, Domain d, State s) {
        if (s.right() != null) {
            return s;
        }
        double best = s.best();
        Double left = null;
        double cur = best;
        while (cur < d.ub()) {
            double nx = d.up(cur);
            if (!f.clearlyBetterOrStop(nx, best)) {
                return new State(best, left, nx, false);
            }
            left = best;
            best = nx;
            cur = nx;
        }
        return new State(best, left, null, false);
    }

    /** Points within the plateau of the best are passed over: the smallest such pressure is wanted (phase 5). */
    private static State shrinkOrStop(Objective f, Domain d, State s) {
        if (s.left() != null) {
            return s;
        }
        double best = s.best();
        Double right = s.right();
        boolean flat = false;
        double cur = best;
        while (cur > d.lb()) {
            double nx = d.down(cur);
            if (f.clearlyBetterOrStop(nx, best)) {
                right = best;
                best = nx;
            } else if (f.withinPlateauOrStop(nx, best)) {
                flat = true;
            } else {
                return new State(best, nx, right, flat);
            }
            cur = nx;
        }
        return new State(best, null, right, flat);
    }

    private static void goldenOrStop(Objective f, Domain d, State s) {
        double best = s.best();
        double lo = s.left() == null ? best : s.left();
        double hi = s.right() == null ? best : s.right();
        while (!closed(d, lo, hi, best)) {
            boolean stepRight = hi - best >= best - lo;
            double target = stepRight ? best + GOLDEN * (hi - best) : best - GOLDEN * (best - lo);
            double y = stepRight ? d.inside(target, best, hi) : d.inside(target, lo, best);
            if (Double.isNaN(y)) {
                // That side has no value left inside; shrink it onto the best point.
                if (stepRight) {
                    hi = best;
                } else {
                    lo = best;
                }
                continue;
            }
            if (f.betterOrStop(y, best)) {
                if (stepRight) {
                    lo = best;
                } else {
                    hi = best;
                }
                best = y;
            } else if (stepRight) {
                hi = y;
            } else {
                lo = y;
            }
        }
    }

    /**
     * The smallest pressure within PLATEAU of the best measured value. The best point sets the bar, so it
     * must not be one lucky run: it gets all its runs, and its feasibility a confident verdict where the budget
     * allows. If that demotes it, the next replay takes the new best.
     */
    private static GroupResult plateauAnswerOrStop(Book book, RuleGroup g, Objective f, Domain d) {
        Scored peak = bestMeasured(book, g);
        book.requireRunsOrStop(peak.value(), book.plan.runsPerPoint());
        GroupVerdict settled = DefaultSearch.settleOrStop(book, g, peak.value());
        double floor = f.acceptable(peak.metric());
        double answer = peak.value();
        Double below = null;
        for (double v : book.values()) {
            double sc = f.scoreNow(v);
            if (!Double.isNaN(sc) && sc >= floor && v < answer) {
                answer = v;
            }
        }
        for (double v : book.values()) {
            if (v < answer && (below == null || v > below)) {
                below = v;
            }
        }
        if (below != null && !Double.isNaN(f.scoreNow(below))) {
            double b = below;
            while (!d.closed(b, answer)) {
                double y = d.middle(b, answer);
                if (Double.isNaN(y)) {
                    break;
                }
                double sc = f.scoreOrStop(y);
                if (!Double.isNaN(sc) && sc >= floor) {
                    answer = y;
                } else {
                    b = y;
                }
            }
        }
        String name = g.objective().orElseThrow().metric().name();
        double at = f.raw(answer);
        String note = Notes.best(name, at);
        if (answer != peak.value()) {
            note += " (the best, " + Notes.fixed4(peak.metric()) + " at " + Notes.value(peak.value()) + ", is within "
                    + Math.round(PLATEAU * 100) + "%)";
        }
        String uncertain = settled.sure()
                ? null
                : "best point " + Notes.value(peak.value()) + " uncertain (" + settled.samples() + " samples)";
        if (uncertain != null) {
            note += "; " + uncertain;
        }
        Bracket b = g.constraints().isEmpty() ? new Bracket(null, null, null) : Bracket.of(book, g);
        return new GroupResult(
                g.criteria(),
                book.plan.variable().key(),
                answer,
                Outcome.BEST,
                note,
                b.lastPass(),
                b.firstFail(),
                b.bindingRule(),
                uncertain,
                settled.samples());
    }

    private static boolean closed(Domain d, double lo, double hi, double best) {
        if (d.integral()) {
            return hi - lo <= 2 || hi - lo <= d.tolerance() * best;
        }
        return hi - lo <= d.tolerance() * best;
    }

    /** The measured feasible point with the best objective (the lowest pressure among equals), or null. */
    static Scored bestMeasured(Book book, RuleGroup g) {
        Condition objective = g.objective().orElseThrow();
        Objective f = new Objective(book, g, objective.op() == Operator.MAX);
        Scored best = null;
        for (double v : book.values()) {
            double sc = f.scoreNow(v);
            if (Double.isNaN(sc)) {
                continue;
            }
            if (best == null || sc > f.signed(best.metric()) || sc == f.signed(best.metric()) && v < best.value()) {
                best = new Scored(v, f.raw(v));
            }
        }
        return best;
    }

    /** The objective seen as "higher is better", NaN where the group's other rules fail. */
    private record Objective(Book book, RuleGroup g, boolean max) {

        double signed(double metric) {
            return max ? metric : -metric;
        }

        double raw(double v) {
            return g.objective().orElseThrow().metric().read(new ProbeMeasurements(book.result(v)));
        }

        /** The score after one run (may stop the strategy for it). */
        double scoreOrStop(double v) {
            return DefaultSearch.passesOnceOrStop(book, g, v) ? signed(raw(v)) : Double.NaN;
        }

        /** The score of what is measured now, without asking for anything. */
        double scoreNow(double v) {
            return book.verdict(g, v).pass() ? signed(raw(v)) : Double.NaN;
        }

        /** The lowest score still within the plateau of {@code metric} (raw). */
        double acceptable(double metric) {
            double s = signed(metric);
            return s - PLATEAU * Math.abs(s);
        }

        /** Whether y beats x; when they are within the plateau band, more runs first where runs remain. */
        boolean betterOrStop(double y, double x) {
            double sy = scoreOrStop(y);
            double sx = scoreOrStop(x);
            if (Double.isNaN(sy)) {
                return false;
            }
            if (Double.isNaN(sx)) {
                return true;
            }
            if (Math.abs(sy - sx) < PLATEAU * Math.abs(sx)) {
                int runs = book.plan.runsPerPoint();
                if (book.runs(y) < runs) {
                    book.requireRunsOrStop(y, book.runs(y) + 1);
                }
                if (book.runs(x) < runs) {
                    book.requireRunsOrStop(x, book.runs(x) + 1);
                }
            }
            return sy > sx;
        }

        /** Whether y is feasible and no worse than x by more than the plateau band. */
        boolean withinPlateauOrStop(double y, double x) {
            double sy = scoreOrStop(y);
            double sx = scoreOrStop(x);
            return !Double.isNaN(sy) && !Double.isNaN(sx) && sy >= sx - PLATEAU * Math.abs(sx);
        }

        /** Whether y beats x by more than the plateau band. */
        boolean clearlyBetterOrStop(double y, double x) {
            double sy = scoreOrStop(y);
            double sx = scoreOrStop(x);
            return !Double.isNaN(sy) && (Double.isNaN(sx) || sy - sx > PLATEAU * Math.abs(sx));
        }
    }
}
