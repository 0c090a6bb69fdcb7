package dev.slatune.load;

/**
 * When a probe measures: the warm-up, the measured window and the drain, decided from send and
 * completion times alone (System.nanoTime values), so it is tested on a virtual clock. Not
 * thread-safe: {@link ProbeRun} calls it under its lock. The definitions are those of docs/metrics.md:
 * <ol>
 * <li><b>Warm-up</b> lasts until every closed-loop slot has started (the ramp), {@code warmupNum}
 * warm-up requests have <em>completed</em>, and {@code warmupDuration} has passed since the first
 * send. Requests sent during it are not measured; slots keep sending, so pressure stays on.</li>
 * <li><b>The window opens</b> at the first send after the warm-up: every slot is busy then (closed
 * loop), so the window begins at full pressure. Requests <em>sent</em> inside the window are the
 * measured ones: every one is awaited and its latency recorded, however late it finishes.</li>
 * <li><b>The window closes</b> after {@code duration}, or at the first send opportunity after the
 * {@code number}-th measured send (the completion that frees a slot, the next arrival), whichever
 * comes first. Nothing is sent after it.</li>
 * <li><b>Throughput</b> counts the completions inside the window (warm-up requests still in flight
 * when it opened included) over its length; the drain after the close is excluded.</li>
 * </ol>
 */
final class MeasurementWindow {

    /** What {@link #admit} decided for one send. */
    enum Admission {
        /** Send it, not measured. */
        WARMUP,
        /** Send it and measure it. */
        MEASURED,
        /** Do not send: the window has closed (or the run was cancelled). */
        STOP
    }

    private final LoadSpec.Size size;
    private final long runStart;
    private final int slots;
    private int slotsStarted;
    private long warmupCompleted;
    private long measured;
    private long open = Long.MIN_VALUE;
    private long close = Long.MIN_VALUE;

    /**
     * @param runStart the first send's time
     * @param slots closed-loop slots that must all have started before the window opens; 0 in open loop
     */
    MeasurementWindow(LoadSpec.Size size, long runStart, int slots) {
        this.size = size;
        this.runStart = runStart;
        this.slots = slots;
    }

    /**
     * Decides a send scheduled at {@code t}.
     *
     * @param firstOfSlot true for a closed-loop slot's first send (counts towards the ramp)
     */
    Admission admit(long t, boolean firstOfSlot) {
        if (closed()) {
            return Admission.STOP;
        }
        if (firstOfSlot) {
            slotsStarted++;
        }
        if (!isOpen()) {
            if (!warmedUp(t)) {
                return Admission.WARMUP;
            }
            open = t;
        }
        if (size.duration() != null && t - open >= size.duration().toNanos()) {
            close = open + size.duration().toNanos();
            return Admission.STOP;
        }
        if (size.number() > 0 && measured >= size.number()) {
            close = Math.max(t, open);
            return Admission.STOP;
        }
        measured++;
        return Admission.MEASURED;
    }

    /**
     * Notes a completion at {@code end}; true when it falls inside the window and counts towards the
     * throughputs. A window still open counts it (its close lies ahead).
     *
     * @param measured whether the request was sent inside the window
     */
    boolean completed(long end, boolean measured) {
        if (!measured && !isOpen()) {
            warmupCompleted++;
        }
        return isOpen() && end >= open && (!closed() || end <= close);
    }

    /** Closes the window at {@code now} if it is still open (a cancelled run); opens and closes it if never opened. */
    void cancel(long now) {
        if (!isOpen()) {
            open = now;
        }
        if (!closed()) {
            close = Math.max(open, now);
        }
    }

    private boolean warmedUp(long t) {
        return slotsStarted >= slots
                && warmupCompleted >= size.warmupNum()
                && (size.warmupDuration() == null
                        || t - runStart >= size.warmupDuration().toNanos());
    }

    /** Whether the window has opened. */
    boolean isOpen() {
        return open != Long.MIN_VALUE;
    }

    /** Whether the window has closed. */
    boolean closed() {
        return close != Long.MIN_VALUE;
    }

    /** When the window opened; only when {@link #isOpen}. */
    long open() {
        return open;
    }

    /** When the window closed; only when {@link #closed}. */
    long close() {
        return close;
    }

    /** Measured sends so far. */
    long measured() {
        return measured;
    }
}
