package dev.slatune.search;

import java.math.BigDecimal;
import java.math.RoundingMode;

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
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf");
        }
        return new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A pressure as shown in notes: whole numbers without decimals, rates with up to 4 significant digits. */
    static String value(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }
}
