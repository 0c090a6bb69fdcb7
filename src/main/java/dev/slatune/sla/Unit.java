package dev.slatune.sla;

/** The unit a metric is measured in; thresholds are stored in the base unit (seconds, per second, fraction). */
public enum Unit {
    /** Seconds; thresholds may carry {@code ms} or {@code s}; a bare number means seconds (as in EvalScope). */
    SECONDS("s"),
    /** Successful requests per second. */
    REQUESTS_PER_SECOND("req/s"),
    /** Output tokens per second. */
    TOKENS_PER_SECOND("tok/s"),
    /** A share between 0 and 1; a threshold may also be written as a percentage ({@code 99%}). */
    FRACTION("");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    /** The symbol shown after values, empty for fractions. */
    public String symbol() {
        return symbol;
    }

    /**
     * A compact human form of a value in base units: {@code 2s}, {@code 50ms}, {@code 30}, {@code 99%}.
     * Times below one second are shown in milliseconds because that is how people write them.
     */
    public String format(double base) {
        return switch (this) {
            case SECONDS -> Math.abs(base) < 1 && base != 0 ? plain(base * 1000) + "ms" : plain(base) + "s";
            case FRACTION -> plain(base * 100) + "%";
            default -> plain(base);
        };
    }

    /** A number without trailing zeros or exponent, rounded to 6 significant digits to hide binary noise. */
    static String plain(double v) {
        return Double.isFinite(v) ? Numbers.significant(v, 6) : Double.toString(v);
    }
}
