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
 *
 * <p>The warm-up runs before the agreed instant ({@link #warmUp}), so that the measured windows,
 * not the warm-ups, start together: a warm-up still going at the instant is cut short there.
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
        return await(startAtEpochMs, () -> false);
    }

    /**
     * Waits until {@code startAtEpochMs}, or until {@code stop} says so (checked about once a second:
     * a SIGTERM must not wait for an instant minutes away).
     *
     * @return how late the caller arrived, in milliseconds (0 when it was in time or stopped)
     */
    public long await(long startAtEpochMs, java.util.function.BooleanSupplier stop) {
        long now = clock.millis();
        if (now > startAtEpochMs) {
            return now - startAtEpochMs;
        }
        while (now < startAtEpochMs && !stop.getAsBoolean()) {
            sleeper.accept(Math.min(startAtEpochMs - now, 1000));
            now = clock.millis();
        }
        return 0;
    }

    /** Later than this after the instant is worth a line: less is scheduling noise. */
    public static final long LATE_MS = 100;

    /** Offset of the warm-up's run index: its prompts differ from every measured run's (no prefix-cache ride). */
    static final int WARMUP_RUN_OFFSET = 1_000_000;

    /**
     * Runs the warm-up of {@code spec} as a run of its own, discarded, ending at {@code startAtEpochMs}
     * at the latest; returns the spec to measure (the same without warm-up), or empty when the load
     * was interrupted (SIGTERM) during the warm-up.
     */
    public java.util.Optional<LoadSpec> warmUp(
            LoadRunner runner, LoadSpec spec, long startAtEpochMs, java.io.PrintStream err) {
        LoadSpec.Size size = spec.size();
        LoadSpec measured = spec.withWarmup(0, null);
        if (size.warmupNum() == 0 && size.warmupDuration() == null) {
            return java.util.Optional.of(measured);
        }
        if (clock.millis() >= startAtEpochMs) {
            return java.util.Optional.of(measured); // late already: measure at once (and say so), cold
        }
        LoadSpec warm = size.warmupNum() > 0
                ? measured.withNumber(size.warmupNum())
                : measured.withDuration(size.warmupDuration());
        warm = warm.withRun(spec.run() + WARMUP_RUN_OFFSET);
        Object lock = new Object();
        boolean[] state = new boolean[2]; // [0] warm-up over, [1] cut short by the timer
        Thread timer = new Thread(
                () -> {
                    try {
                        await(startAtEpochMs);
                    } catch (IllegalStateException interrupted) {
                        return;
                    }
                    synchronized (lock) {
                        if (!state[0]) {
                            state[1] = true;
                            runner.cancel();
                        }
                    }
                },
                "slatune-start-at");
        timer.setDaemon(true);
        timer.start();
        dev.slatune.metrics.ProbeResult r = runner.run(warm, ProgressListener.NONE);
        boolean cut;
        synchronized (lock) {
            state[0] = true;
            cut = state[1];
        }
        timer.interrupt();
        if (runner.isShuttingDown() || (runner.wasCancelled() && !cut)) {
            return java.util.Optional.empty();
        }
        if (cut) {
            err.println(String.format(
                    Locale.ROOT,
                    "slatune load: warm-up cut short at --start-at after %d " + "requests",
                    r == null ? 0 : r.requests().total()));
        }
        return java.util.Optional.of(measured);
    }

    /** The line a late pod prints. */
    public static String lateMessage(long lateMs) {
        return String.format(
                Locale.ROOT,
                "slatune load: arrived %.1f s after --start-at; starting now, so this "
                        + "share's window begins late (the operator checks that the shares overlapped)",
                lateMs / 1e3);
    }
}
