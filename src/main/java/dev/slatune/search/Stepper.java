package dev.slatune.search;

import dev.slatune.sla.Metric;
import dev.slatune.sla.RuleGroup;
import java.math.RoundingMode;

/**
 * Picks the next value of a constraint search from how much room the measured points had: the group's
 * "slack" is its tightest condition's margin relative to the threshold (positive passes). Growing, it
 * extrapolates the slack of the last two passes to where it would reach zero, instead of blindly doubling
 * past the boundary; narrowing, it interpolates between the bracket's ends (regula falsi with the Illinois
 * fix against one-sided stalls). Either way it aims so that the next verdict can close the bracket within
 * the tolerance, and it falls back to doubling or the geometric middle when the slack tells nothing (a
 * failure from errors, NaN).
 */
final class Stepper {

    private Stepper() {}

    /**
     * The tightest condition's slack at {@code v}: the log of threshold over measured value (measured over
     * threshold for rates), positive when passing. Logs because latency curves look far straighter against
     * log pressure that way, so interpolation lands closer. NaN when errors decided or nothing tells.
     */
    static double slack(Book book, RuleGroup g, double v) {
        GroupVerdict gv = book.verdict(g, v);
        double min = Double.NaN;
        for (ConditionCheck c : gv.checks()) {
            if (c.metric() == Metric.ERROR_RATE) {
                if (!c.pass()) {
                    return Double.NaN;
                }
                continue;
            }
            if (c.threshold() == null || !(c.threshold() > 0) || !(c.measured() > 0)) {
                continue;
            }
            double ratio = c.threshold() / c.measured();
            double s = Math.log(c.margin() >= 0 == ratio >= 1 ? ratio : 1 / ratio);
            min = Double.isNaN(min) ? s : Math.min(min, s);
        }
        return min;
    }

    /** The next value above a passing {@code lo}; {@code prev} is the pass before it, or null. */
    static double up(Book book, RuleGroup g, Domain d, Double prev, double lo) {
        double doubled = d.up(lo);
        if (prev == null) {
            return doubled;
        }
        double s1 = slack(book, g, prev);
        double s2 = slack(book, g, lo);
        if (!(s2 > 0 && s1 > s2) || Double.isNaN(s1)) {
            return doubled;
        }
        // The slack falls from prev to lo: where the line through both (against log pressure) reaches zero.
        // Latency curves still bend upwards there, so this tends to overshoot the boundary a little: the probe
        // there fails close to it.
        double zero = lo * Math.exp(Math.log(lo / prev) * s2 / (s1 - s2));
        double x = Math.max(zero, lowAim(d, lo));
        return x >= doubled ? doubled : d.snapAbove(x, lo);
    }

    /**
     * A value strictly inside (lo, hi), or NaN when there is none.
     *
     * @param wLo weight on lo's slack, halved by the caller after hi was replaced twice in a row (Illinois)
     * @param wHi weight on hi's slack, likewise
     */
    static double between(Book book, RuleGroup g, Domain d, double lo, double hi, double wLo, double wHi) {
        double sLo = slack(book, g, lo) * wLo;
        double sHi = slack(book, g, hi) * wHi;
        double x;
        if (sLo >= 0 && sHi < 0) {
            x = lo * Math.exp(Math.log(hi / lo) * sLo / (sLo - sHi));
        } else {
            x = Math.sqrt(lo * hi);
        }
        // Aim so that one verdict can close the bracket: just above lo (closes if it fails) or just below hi
        // (closes if it passes), never closer to an end than that.
        double low = lowAim(d, lo);
        double high = highAim(d, hi);
        if (low >= high) {
            // Narrower than two widths: one cut in the middle closes it either way.
            return d.middle(lo, hi);
        }
        if (x <= low) {
            return d.inside(low, lo, hi, RoundingMode.FLOOR);
        }
        if (x >= high) {
            return d.inside(high, lo, hi, RoundingMode.CEILING);
        }
        return d.inside(x, lo, hi);
    }

    /** The highest value that, failing, closes the bracket with lo. */
    private static double lowAim(Domain d, double lo) {
        double x = lo * (1 + d.width());
        return d.integral() ? Math.max(lo + 1, Math.floor(x)) : x;
    }

    /** The lowest value that, passing, closes the bracket with hi. */
    private static double highAim(Domain d, double hi) {
        double x = hi / (1 + d.width());
        return d.integral() ? Math.min(hi - 1, Math.ceil(x)) : x;
    }
}
