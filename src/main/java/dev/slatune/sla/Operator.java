package dev.slatune.sla;

import java.util.List;

/** A rule operator: a threshold comparison, or {@code max}/{@code min} to optimise a metric. */
public enum Operator {
    LE("<="),
    LT("<"),
    GE(">="),
    GT(">"),
    MAX("max"),
    MIN("min");

    /** Every spelling accepted in rule text, longest first so that {@code <=} is not read as {@code <}. */
    static final List<String> SPELLINGS = List.of("<=", ">=", "≤", "≥", "<", ">", "max", "min");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The canonical ASCII spelling: {@code <=}, {@code <}, {@code >=}, {@code >}, {@code max}, {@code min}. */
    public String symbol() {
        return symbol;
    }

    /** True for {@code max} and {@code min}, which optimise instead of bounding. */
    public boolean optimises() {
        return this == MAX || this == MIN;
    }

    /** True when smaller measured values are better ({@code <}, {@code <=}, {@code min}). */
    public boolean lowerIsBetter() {
        return this == LE || this == LT || this == MIN;
    }

    /** The operator for one spelling, or null. Unicode {@code ≤}/{@code ≥} map to {@code <=}/{@code >=}. */
    static Operator ofSpelling(String s) {
        return switch (s) {
            case "<=", "≤" -> LE;
            case "<" -> LT;
            case ">=", "≥" -> GE;
            case ">" -> GT;
            case "max" -> MAX;
            case "min" -> MIN;
            default -> null;
        };
    }

    /** Whether {@code measured} satisfies this comparison with {@code threshold}; always true for max/min. NaN fails. */
    public boolean test(double measured, double threshold) {
        return switch (this) {
            case LE -> measured <= threshold;
            case LT -> measured < threshold;
            case GE -> measured >= threshold;
            case GT -> measured > threshold;
            case MAX, MIN -> !Double.isNaN(measured);
        };
    }

    /**
     * How far {@code measured} is from violating {@code threshold}, in the metric's base unit: positive
     * when it passes with room, negative when it fails. 0 for max/min.
     */
    public double margin(double measured, double threshold) {
        return switch (this) {
            case LE, LT -> threshold - measured;
            case GE, GT -> measured - threshold;
            case MAX, MIN -> 0;
        };
    }
}
