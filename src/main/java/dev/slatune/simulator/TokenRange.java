package dev.slatune.simulator;

/**
 * An inclusive range of token counts, written "128" or "64-256".
 *
 * @param min smallest count
 * @param max largest count
 */
public record TokenRange(int min, int max) {

    public TokenRange {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("a token range needs 1 <= min <= max, got " + min + "-" + max);
        }
    }

    /** Parses "N" or "MIN-MAX". */
    public static TokenRange parse(String text) {
        String t = text.trim();
        try {
            int dash = t.indexOf('-');
            if (dash < 0) {
                int n = Integer.parseInt(t);
                return new TokenRange(n, n);
            }
            return new TokenRange(
                    Integer.parseInt(t.substring(0, dash).trim()),
                    Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a token count or range (\"128\" or \"64-256\"): " + text);
        }
    }

    @Override
    public String toString() {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }
}
