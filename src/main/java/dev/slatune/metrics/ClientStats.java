package dev.slatune.metrics;

/**
 * How the load generator itself fared, so that a client bottleneck is never mistaken for the server's.
 *
 * @param targetRate the arrival rate asked for (req/s); NaN in closed loop
 * @param achievedRate measured sends per second over the window
 * @param scheduleLagP99 99th percentile of (actual send - scheduled send), seconds
 * @param maxInFlight the highest number of requests in flight at once
 * @param saturated true when the client, not the server, limited the pressure: it sent late, fell
 *     short of the target rate, or ran out of connections or CPU
 * @param reason why {@code saturated} is set, or null
 * @param connectionsOpened connections opened for measured requests (as many as requests against a
 *     server that closes after every reply; a few per probe with keep-alive)
 * @param reconnects measured requests sent a second time, on a fresh connection, because their reused
 *     connection died before any response byte arrived (the server had closed it); not failures
 */
public record ClientStats(
        double targetRate,
        double achievedRate,
        double scheduleLagP99,
        long maxInFlight,
        boolean saturated,
        String reason,
        long connectionsOpened,
        long reconnects) {

    /** Client statistics without connection counts (results written before they existed read as 0). */
    public ClientStats(
            double targetRate,
            double achievedRate,
            double scheduleLagP99,
            long maxInFlight,
            boolean saturated,
            String reason) {
        this(targetRate, achievedRate, scheduleLagP99, maxInFlight, saturated, reason, 0, 0);
    }
}
