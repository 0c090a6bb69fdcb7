package dev.slatune.sla;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The one number formatter: every number slatune shows or writes as text goes through here, and a measured
 * value takes its unit from the metric registry ({@link Metric#unit()}), never from the metric's name.
 * Decimals round the exact binary value half to even, as Python's {@code format} does, so tables and notes
 * read like EvalScope's. (File formats with their own rules keep them: EvalScope's Python {@code repr} in
 * {@code EvalScopeFiles}, the Job contract's short doubles in {@code ProbeResultCodec}.)
 */
public final class Numbers {

    private Numbers() {}

    /**
     * A number that must read back exactly (flags, Job arguments, messages quoting a setting): whole numbers
     * without a decimal point ({@code 8}), others as Java's shortest round-trip form ({@code 0.125}).
     */
    public static String exact(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A pressure as people read it: whole numbers without decimals, others to 4 significant digits ({@code 12.35}). */
    public static String pressure(double v) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Exactly {@code decimals} decimals ({@code 8057.1438} at 4), Python's {@code :.4f}; nan and inf spelled so. */
    public static String fixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {@code digits} significant digits, trailing zeros dropped, no exponent ({@code 0.000123457}); "" for NaN. */
    public static String significant(double v, int digits) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return nonFinite(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /**
     * A measured value of {@code metric} in its unit, for progress lines: {@code 850.0ms}, {@code 1.234s},
     * {@code 99.50%}, {@code 12.34} (per second); {@code n/a} when there was nothing to measure.
     */
    public static String measured(Metric metric, double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return switch (metric.unit()) {
            case SECONDS -> v < 1 ? fixed(v * 1e3, 1) + "ms" : fixed(v, 3) + "s";
            case FRACTION -> fixed(v * 100, 2) + "%";
            case REQUESTS_PER_SECOND, TOKENS_PER_SECOND -> fixed(v, 2);
        };
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
