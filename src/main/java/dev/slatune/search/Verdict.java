package dev.slatune.search;

/**
 * How sure a verdict is: {@code pass} when the whole confidence interval lies on the good side of the
 * threshold, {@code fail} when it lies entirely on the bad side, {@code uncertain} otherwise (too few
 * samples, an interval that straddles the threshold, or a client that was itself the bottleneck).
 */
public enum Verdict {
    PASS("pass"),
    FAIL("fail"),
    UNCERTAIN("uncertain");

    private final String key;

    Verdict(String key) {
        this.key = key;
    }

    /**
     * {@code pass}, {@code fail} or {@code uncertain}, as in summary.json and the status (the JSON writers map
     * the enum to this; search stays free of Jackson).
     */
    public String key() {
        return key;
    }

    /** The verdict of an interval {@code [low, high]} against a threshold, given which side is good. */
    static Verdict of(double low, double high, double threshold, boolean lowerIsBetter, boolean strict) {
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return UNCERTAIN;
        }
        double good = lowerIsBetter ? high : low;
        double bad = lowerIsBetter ? low : high;
        if (lowerIsBetter
                ? (strict ? good < threshold : good <= threshold)
                : (strict ? good > threshold : good >= threshold)) {
            return PASS;
        }
        if (lowerIsBetter
                ? (strict ? bad >= threshold : bad > threshold)
                : (strict ? bad <= threshold : bad < threshold)) {
            return FAIL;
        }
        return UNCERTAIN;
    }

    @Override
    public String toString() {
        return key;
    }
}
