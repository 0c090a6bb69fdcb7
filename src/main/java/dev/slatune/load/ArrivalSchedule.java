package dev.slatune.load;

import java.util.SplittableRandom;

/**
 * Open-loop arrival times as offsets from the start of the run: exponential gaps of mean 1/rate
 * (Poisson process) or exactly 1/rate apart. Offsets are summed in double nanoseconds so that
 * fractional rates (0.5 req/s) and high rates keep their exact mean. The first arrival is at 0.
 */
final class ArrivalSchedule {

    private final double meanGapNanos;
    private final Arrival arrival;
    private final SplittableRandom random;
    private double next;

    ArrivalSchedule(double rate, Arrival arrival, long seed) {
        this.meanGapNanos = 1e9 / rate;
        this.arrival = arrival;
        this.random = new SplittableRandom(seed);
    }

    /** The next arrival's offset from the start, in nanoseconds. */
    long nextOffsetNanos() {
        long at = Math.round(next);
        double gap = arrival == Arrival.CONSTANT ? meanGapNanos : -Math.log(1.0 - random.nextDouble()) * meanGapNanos;
        next += gap;
        return at;
    }
}
