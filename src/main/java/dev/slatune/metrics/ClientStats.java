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
 */
public record ClientStats(double targetRate, double achievedRate, double scheduleLagP99, long maxInFlight,
        boolean saturated, String reason) {
}
