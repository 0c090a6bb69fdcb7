package dev.slatune.search;

import dev.slatune.sla.Numbers;

/** The notes of the result rows, worded as EvalScope words them where it has a word for it. */
final class Notes {

    static final String SATISFIED = "Satisfied";

    private Notes() {}

    static String failedAtLowerBound(double lb) {
        return "Failed at lower bound (" + value(lb) + ")";
    }

    static String reachedUpperBound(double ub) {
        return "Reached upper bound (" + value(ub) + ")";
    }

    /** {@code boundary uncertain between 64 and 75 (1210 samples)}. */
    static String uncertainBetween(double a, double b, long samples) {
        return "boundary uncertain between " + value(a) + " and " + value(b) + " (" + samples + " samples)";
    }

    static String probeCap(int cap) {
        return "Stopped at the probe cap (" + cap + " pressures)";
    }

    /** {@code Best tps: 8057.1438}: four decimals rounded from the exact binary value, as Python's {@code :.4f}. */
    static String best(String metric, double v) {
        return "Best " + metric + ": " + fixed4(v);
    }

    static String fixed4(double v) {
        return Numbers.fixed(v, 4);
    }

    /** A pressure as shown in notes: whole numbers without decimals, rates with up to 4 significant digits. */
    static String value(double v) {
        return Numbers.pressure(v);
    }
}
