package dev.slatune.load;

import java.time.Clock;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Holds a load pod until the start every share of its run agreed on ({@code load --start-at}), so
 * that pods scheduled seconds apart still load the target together. It needs no API access: the
 * operator writes the same wall-clock instant into every share's arguments, and the nodes' clocks
 * are NTP-synchronised (milliseconds apart, against windows of tens of seconds). A pod that
 * arrives after the instant starts at once and says by how much.
 */
public final class StartGate {

    private final Clock clock;
    private final LongConsumer sleeper;

    /** @param sleeper sleeps the given milliseconds (tests pass a fake that advances their clock) */
    public StartGate(Clock clock, LongConsumer sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The gate on the system clock. */
    public static StartGate system() {
        return new StartGate(Clock.systemUTC(), ms -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for --start-at", e);
            }
        });
    }

    /**
     * Waits until {@code startAtEpochMs}.
     *
     * @return how late the caller arrived, in milliseconds (0 when it was in time)
     */
    public long await(long startAtEpochMs) {
        long now = clock.millis();
        if (now > startAtEpochMs) {
            return now - startAtEpochMs;
        }
        while (now < startAtEpochMs) {
            sleeper.accept(Math.min(startAtEpochMs - now, 1000));
            now = clock.millis();
        }
        return 0;
    }

    /** The line a late pod prints. */
    public static String lateMessage(long lateMs) {
        return String.format(Locale.ROOT, "slatune load: arrived %.1f s after --start-at; starting now, so this "
                + "share's window begins late (the operator checks that the shares overlapped)", lateMs / 1e3);
    }
}
