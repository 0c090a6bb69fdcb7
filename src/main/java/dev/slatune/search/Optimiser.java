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
    record Scored(double value, double metric) {
    }

    private Optimiser() {
    }

    static GroupResult run(Book book, RuleGroup g) {
        Condition objective = g.objective().orElseThrow();
        Objective f = new Objective(book, g, objective.op() == Operator.MAX);
        Domain d = Domain.of(book.plan);
        String var = book.plan.variable().key();
        double s = book.plan.clampedStart();

        // 1. Find a feasible point, halving from the start if it is not.
        double x = s;
        Double infeasibleAbove = null;
        while (Double.isNaN(f.score(x))) {
            if (x <= d.lb()) {
                return new GroupResult(g.criteria(), var, null, Notes.failedAtLowerBound(d.lb()), null, x,
                        Bracket.binding(book, g, x));
            }
            infeasibleAbove = x;
            x = d.down(x);
        }
        double best = x;
        Double right = infeasibleAbove;
        Double left = null;
        // 2. Grow while clearly improving; the first point that does not is the right side of the bracket.
        if (right == null) {
            double cur = best;
            while (cur < d.ub()) {
                double nx = d.up(cur);
                if (f.clearlyBetter(nx, best)) {
                    left = best;
                    best = nx;
                    cur = nx;
                } else {
                    right = nx;
                    break;
                }
            }
        }
        // 3. If nothing above beat the first feasible point, the best may lie below it: halve while improving.
        // Points within the plateau of the best are passed over: the smallest such pressure is wanted (step 5).
        boolean flat = false;
        if (left == null) {
            double cur = best;
            while (cur > d.lb()) {
                double nx = d.down(cur);
                if (f.clearlyBetter(nx, best)) {
                    right = best;
                    best = nx;
                } else if (f.withinPlateau(nx, best)) {
                    flat = true;
                } else {
                    left = nx;
                    break;
                }
                cur = nx;
            }
        }
        double lo = left == null ? best : left;
        double hi = right == null ? best : right;
        // 4. Golden-section steps into the larger side of the bracket around the best point; not on a plateau.
        while (!flat && !closed(d, lo, hi, best)) {
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
            if (f.better(y, best)) {
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
        // 5. On a plateau, the smallest pressure within PLATEAU of the best measured value.
        // The best point sets the bar, so it must not be one lucky run: pool all its runs first. If pooling
        // demotes it, the next replay takes the new best and pools that one.
        Scored peak = bestMeasured(book, g);
        book.require(peak.value(), book.plan.runsPerPoint());
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
                double sc = f.score(y);
                if (!Double.isNaN(sc) && sc >= floor) {
                    answer = y;
                } else {
                    b = y;
                }
            }
        }
        String name = objective.metric().name();
        double at = f.raw(answer);
        String note = Notes.best(name, at);
        if (answer != peak.value()) {
            note += " (the best, " + Notes.fixed4(peak.metric()) + " at " + Notes.value(peak.value())
                    + ", is within " + Math.round(PLATEAU * 100) + "%)";
        }
        Bracket b = g.constraints().isEmpty() ? new Bracket(null, null, null) : Bracket.of(book, g);
        return new GroupResult(g.criteria(), var, answer, note, b.lastPass(), b.firstFail(), b.bindingRule());
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

        /** The score with adaptive repeats of the feasibility verdict (may ask for a run). */
        double score(double v) {
            return DefaultSearch.passes(book, g, v) ? signed(raw(v)) : Double.NaN;
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
        boolean better(double y, double x) {
            double sy = score(y);
            double sx = score(x);
            if (Double.isNaN(sy)) {
                return false;
            }
            if (Double.isNaN(sx)) {
                return true;
            }
            if (Math.abs(sy - sx) < PLATEAU * Math.abs(sx)) {
                int runs = book.plan.runsPerPoint();
                if (book.runs(y) < runs) {
                    book.require(y, book.runs(y) + 1);
                }
                if (book.runs(x) < runs) {
                    book.require(x, book.runs(x) + 1);
                }
            }
            return sy > sx;
        }

        /** Whether y is feasible and no worse than x by more than the plateau band. */
        boolean withinPlateau(double y, double x) {
            double sy = score(y);
            double sx = score(x);
            return !Double.isNaN(sy) && !Double.isNaN(sx) && sy >= sx - PLATEAU * Math.abs(sx);
        }

        /** Whether y beats x by more than the plateau band. */
        boolean clearlyBetter(double y, double x) {
            double sy = score(y);
            double sx = score(x);
            return !Double.isNaN(sy) && (Double.isNaN(sx) || sy - sx > PLATEAU * Math.abs(sx));
        }
    }
}
