package dev.slatune.sla;

import java.util.Locale;

/**
 * How a time threshold written without a unit ({@code "<0.05"}) is read. slatune keeps the seed document's
 * reading (seconds); EvalScope has read bare TTFT and TPOT thresholds in milliseconds since 2026-04, so the
 * same rule means different things in the two tools unless the unit is written out. Latency stays in seconds
 * in both readings.
 */
public enum BareTime {
    /** A bare number is seconds, for every time metric (the seed document's reading; the default). */
    SECONDS("seconds"),
    /** A bare TTFT or TPOT is milliseconds, a bare latency seconds (EvalScope since 2026-04). */
    EVALSCOPE_MS("evalscope-ms");

    private final String flagValue;

    BareTime(String flagValue) {
        this.flagValue = flagValue;
    }

    /** The value as given to {@code --sla-units}. */
    public String flagValue() {
        return flagValue;
    }

    /** Parses a {@code --sla-units} value. */
    public static BareTime ofFlag(String value) {
        for (BareTime b : values()) {
            if (b.flagValue.equalsIgnoreCase(value) || b.name().equalsIgnoreCase(value)) {
                return b;
            }
        }
        throw new IllegalArgumentException("--sla-units: '" + value + "' is not one of seconds, evalscope-ms");
    }

    /** The factor from a bare number to seconds for {@code metric} under this reading. */
    double toSeconds(Metric metric) {
        return toSeconds(metric.name());
    }

    /** As {@link #toSeconds(Metric)} for a name: a metric's, or a per-request SLO's ({@code ttft}). */
    double toSeconds(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        boolean msMetric = n.endsWith("ttft") || n.endsWith("tpot");
        return this == EVALSCOPE_MS && msMetric ? 1e-3 : 1;
    }

    /**
     * The one-line note printed for a bare time threshold, e.g. "p99_ttft < 0.05 read as 0.05 s (EvalScope since
     * 2026-04 reads bare TTFT/TPOT in ms; write 50ms or 0.05s to be explicit)".
     */
    String note(Metric metric, String op, String bare, double seconds) {
        return note(metric.name(), op, bare, seconds);
    }

    /** As {@link #note(Metric, String, String, double)} for a name. */
    String note(String name, String op, String bare, double seconds) {
        boolean ms = toSeconds(name) != 1;
        String asRead = ms ? bare + " ms" : bare + " s";
        String why = this == SECONDS
                ? "EvalScope since 2026-04 reads bare TTFT/TPOT in ms"
                : ms ? "--sla-units evalscope-ms" : "--sla-units evalscope-ms reads a bare latency in s";
        return name + " " + op + " " + bare + " read as " + asRead + " (" + why + "; write " + Unit.plain(seconds * 1e3)
                + "ms or " + Unit.plain(seconds) + "s to be explicit)";
    }
}
