package dev.slatune.sla;

/**
 * What a {@link Metric} reads from: one pressure point's summary in base units. Kept as an interface so
 * that this package needs nothing but the JDK; the search adapts its probe results to it.
 */
public interface Measurements {

    /**
     * One statistic of one distribution, in seconds.
     *
     * @param distribution {@code latency}, {@code ttft}, {@code tpot} or {@code itl}
     * @param statistic {@code avg}, {@code p50}, {@code p90} or {@code p99}
     * @return the value, NaN when there were no samples
     */
    double statistic(String distribution, String statistic);

    /** Successful requests per second. */
    double rps();

    /** Output tokens per second. */
    double tps();

    /** Succeeded over total requests (1.0 is 100%), NaN when nothing was measured. */
    double successRate();

    /**
     * The share of measured requests that met every SLO of one per-request SLO set, failed requests counting
     * as not meeting it; NaN when the set was not counted.
     *
     * @param slos the set's key, {@link PerRequestSlo#key(java.util.List)} ({@code ttft<=0.2,tpot<=0.05})
     */
    default double goodput(String slos) {
        return Double.NaN;
    }
}
