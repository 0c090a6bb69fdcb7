package dev.slatune.search;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The values the default search may probe: whole numbers for {@code parallel}, real numbers for {@code rate},
 * within the plan's bounds, and when a bracket is narrow enough to stop.
 */
record Domain(double lb, double ub, boolean integral, double tolerance) {

    static Domain of(TuningPlan plan) {
        return new Domain(plan.lowerBound(), plan.upperBound(), plan.variable() == Variable.PARALLEL, plan.tolerance());
    }

    /** Double, capped at the upper bound. */
    double up(double x) {
        return Math.min(x * 2, ub);
    }

    /** Halve (rounding down for whole numbers), not below the lower bound. */
    double down(double x) {
        return Math.max(integral ? Math.floor(x / 2) : x / 2, lb);
    }

    /**
     * The relative width a constraint bracket is narrowed to: half the tolerance, so that its lower end, the
     * answer, stays within the tolerance of the boundary even when noise has shifted a verdict near it.
     */
    double width() {
        return tolerance / 2;
    }

    /** Whether a bracket [lo, hi] is narrow enough: adjacent whole numbers, or a relative width within {@link #width}. */
    boolean closed(double lo, double hi) {
        if (integral && hi - lo <= 1) {
            return true;
        }
        return hi - lo <= width() * lo;
    }

    /** The geometric middle of (lo, hi), as a value strictly inside it; NaN when there is none. */
    double middle(double lo, double hi) {
        return inside(Math.sqrt(lo * hi), lo, hi);
    }

    /**
     * {@code x} snapped to a probe-able value strictly inside (lo, hi): the nearest whole number for parallel,
     * three significant digits for rate (short, readable values; an exact match across restarts). NaN when
     * no value lies strictly inside.
     */
    double inside(double x, double lo, double hi) {
        return inside(x, lo, hi, RoundingMode.HALF_UP);
    }

    /** {@link #inside(double, double, double)} rounding the given way (down when aiming just above lo, ...). */
    double inside(double x, double lo, double hi, RoundingMode mode) {
        if (integral) {
            double r = Math.max(
                    lo + 1, Math.min(hi - 1, new BigDecimal(x).setScale(0, mode).doubleValue()));
            return r > lo && r < hi ? r : Double.NaN;
        }
        double c = Math.max(lo, Math.min(hi, x));
        double r = new BigDecimal(c).round(new MathContext(3, mode)).doubleValue();
        if (r > lo && r < hi) {
            return r;
        }
        return c > lo && c < hi ? c : Double.NaN;
    }

    /** {@code x} snapped down to a probe-able value above lo, at most the upper bound. */
    double snapAbove(double x, double lo) {
        if (integral) {
            return Math.min(ub, Math.max(lo + 1, Math.floor(x)));
        }
        double r =
                new BigDecimal(x).round(new MathContext(3, RoundingMode.FLOOR)).doubleValue();
        return Math.min(ub, r > lo ? r : x);
    }

    /** {@code x} snapped down to a probe-able value below {@code c}, at least the lower bound. */
    double below(double x, double c) {
        if (integral) {
            return Math.max(lb, Math.min(c - 1, Math.floor(x)));
        }
        double r =
                new BigDecimal(x).round(new MathContext(3, RoundingMode.FLOOR)).doubleValue();
        return Math.max(lb, r < c ? r : x);
    }
}
