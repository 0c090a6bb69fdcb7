package dev.slatune.simulator;

import java.time.Duration;

/**
 * Fault injection for reliability tests. Each request draws its fate from the simulator's seeded
 * random source, in this order: 429, 500, then (if served) whether its stream is cut and whether
 * it stalls.
 *
 * @param tooManyRequests fraction of requests answered 429 at once
 * @param serverError fraction of requests answered 500 at once
 * @param cutStreams fraction of served requests whose connection is closed after half their tokens
 * @param stall wait before a stalled request joins the queue (delays its first token)
 * @param stallFraction fraction of served requests that stall
 */
public record Faults(
        double tooManyRequests, double serverError, double cutStreams, Duration stall, double stallFraction) {

    /** No faults. */
    public static final Faults NONE = new Faults(0, 0, 0, Duration.ZERO, 0);

    public Faults {
        requireFraction("tooManyRequests", tooManyRequests);
        requireFraction("serverError", serverError);
        requireFraction("cutStreams", cutStreams);
        requireFraction("stallFraction", stallFraction);
        if (tooManyRequests + serverError > 1) {
            throw new IllegalArgumentException("the 429 and 500 fractions add up to more than 1");
        }
        if (stall == null || stall.isNegative()) {
            throw new IllegalArgumentException("stall must be a non-negative duration, got " + stall);
        }
    }

    private static void requireFraction(String name, double f) {
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException(name + " must be a fraction between 0 and 1, got " + f);
        }
    }
}
