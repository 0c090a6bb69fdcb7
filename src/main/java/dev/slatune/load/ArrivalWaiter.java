package dev.slatune.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Waits for the open loop's next arrival time ({@code System.nanoTime()}): parks until shortly before
 * it, then spins the rest. How early to wake (the lead) is learned from how late parking wakes up on
 * this machine (Linux's timer slack is 50 µs; a loaded machine adds its scheduling delay): it is a running
 * estimate of the 90th percentile of that lateness, so nine wake-ups in ten come before the deadline and
 * the spin stays as short as the wake-up jitter. A fixed 200 µs spin before every arrival cost 40% of a core at
 * 2,000 req/s on a 2-core machine, taken from the event loops that send and read (issue 17).
 * One per arrival thread; not thread-safe.
 */
final class ArrivalWaiter {

    /** The lead never exceeds this: a later wake-up is the machine's, not something a spin can fix. */
    static final long MAX_LEAD_NANOS = 200_000L;
    /** The lead to start with, about Linux's timer slack plus a wake-up. */
    static final long INITIAL_LEAD_NANOS = 100_000L;

    /** Moves the estimate per wake-up: up 9 steps when a wake-up was later, down 1 when not (so it settles at p90). */
    static final long STEP_NANOS = 1_000L;

    private long lead = INITIAL_LEAD_NANOS;

    /** Returns at or just after {@code deadline}. */
    void waitUntil(long deadline) {
        long wake = deadline - lead;
        if (wake - System.nanoTime() > 0) {
            LockSupport.parkNanos(wake - System.nanoTime());
            observe(System.nanoTime() - wake);
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }

    /** How long before a deadline parking ends. */
    long lead() {
        return lead;
    }

    /** Learns from one wake-up that came {@code lateNanos} after it was asked for. */
    void observe(long lateNanos) {
        lead = lateNanos > lead ? Math.min(MAX_LEAD_NANOS, lead + 9 * STEP_NANOS) : Math.max(0, lead - STEP_NANOS);
    }
}
