package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.load.MeasurementWindow.Admission;
import java.time.Duration;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * The warm-up, window and drain rules on a virtual clock: a closed loop of N slots with a fixed
 * service time is played out event by event, ramp included, exactly as {@link ProbeRun} drives it.
 */
class MeasurementWindowTest {

    static final long MS = 1_000_000L;

    /** What a played-out run looked like. */
    record Run(MeasurementWindow window, long sent, long measured, long inWindow, int maxBusy, int busyAtOpen) {
        double rps() {
            return inWindow / ((window.close() - window.open()) / 1e9);
        }
    }

    /** A send or a completion at {@code t}; completions first at equal times, then by slot. */
    record Event(long t, int slot, boolean completion, boolean first, boolean measured) {}

    /** Plays a closed loop of {@code n} slots, service time {@code service}, through {@code w}. */
    static Run closedLoop(LoadSpec.Size size, int n, long service) {
        MeasurementWindow w = new MeasurementWindow(size, 0, n);
        PriorityQueue<Event> q = new PriorityQueue<>((a, b) -> a.t != b.t
                ? Long.compare(a.t, b.t)
                : a.completion != b.completion ? (a.completion ? -1 : 1) : Integer.compare(a.slot, b.slot));
        q.add(new Event(0, 0, false, true, false));
        long sent = 0;
        long measured = 0;
        long inWindow = 0;
        int busy = 0;
        int maxBusy = 0;
        int busyAtOpen = -1;
        boolean pilotBack = false;
        while (!q.isEmpty()) {
            Event e = q.poll();
            if (e.completion) {
                busy--;
                if (w.completed(e.t, e.measured)) {
                    inWindow++;
                }
                q.add(new Event(e.t, e.slot, false, false, false));
                if (!pilotBack) {
                    pilotBack = true;
                    for (int i = 1; i < n; i++) {
                        q.add(new Event(e.t + e.t * i / n, i, false, true, false));
                    }
                }
                continue;
            }
            boolean wasOpen = w.isOpen();
            Admission a = w.admit(e.t, e.first);
            if (a == Admission.STOP) {
                continue;
            }
            sent++;
            busy++;
            maxBusy = Math.max(maxBusy, busy);
            if (!wasOpen && w.isOpen()) {
                busyAtOpen = busy;
            }
            if (a == Admission.MEASURED) {
                measured++;
            }
            q.add(new Event(e.t + service, e.slot, true, false, a == Admission.MEASURED));
        }
        return new Run(w, sent, measured, inWindow, maxBusy, busyAtOpen);
    }

    @Test
    void theWindowOpensAtFullPressureAfterTheRamp() {
        Run r = closedLoop(new LoadSpec.Size(40, null, 0, null), 4, 100 * MS);
        // Pilot alone 0..100 ms, then slots 1..3 at 125, 150, 175 ms: slot 3's first send opens the window.
        assertThat(r.window().open()).isEqualTo(175 * MS);
        assertThat(r.busyAtOpen()).isEqualTo(4);
        assertThat(r.maxBusy()).isEqualTo(4);
        assertThat(r.measured()).isEqualTo(40);
        // Unmeasured: the pilot, slot 0's second send and slots 1..2's first.
        assertThat(r.sent()).isEqualTo(40 + 4);
    }

    @Test
    void countBoundWindowClosesAtTheNextSendOpportunityAndExcludesTheDrain() {
        Run r = closedLoop(new LoadSpec.Size(40, null, 0, null), 4, 100 * MS);
        // 40 sends at 4 per 100 ms: 1 s of window, and 40 completions inside it: 40 rps = N / S exactly.
        assertThat(r.window().close() - r.window().open()).isEqualTo(1000 * MS);
        assertThat(r.inWindow()).isEqualTo(40);
        assertThat(r.rps()).isEqualTo(40.0);
        // Counting the drain (the last wave finishing after the close) would have read 40 / 1.075 s.
    }

    @Test
    void durationBoundWindowIsExactlyTheDurationAndItsLateSendsAreStillMeasured() {
        Run r = closedLoop(new LoadSpec.Size(0, Duration.ofMillis(1000), 0, null), 4, 100 * MS);
        assertThat(r.window().close() - r.window().open()).isEqualTo(1000 * MS);
        // Sends at open + k*25 ms for k = 0..39 are inside; the one at exactly open + 1 s is not.
        assertThat(r.measured()).isEqualTo(40);
        assertThat(r.rps()).isEqualTo(40.0);
    }

    @Test
    void warmupCompletesBeforeTheWindowOpens() {
        Run r = closedLoop(new LoadSpec.Size(20, null, 10, null), 4, 100 * MS);
        // 10 warm-up completions are needed: the pilot (100 ms), then 4 per 100 ms from 200 ms on.
        assertThat(r.window().open()).isGreaterThanOrEqualTo(300 * MS);
        assertThat(r.busyAtOpen()).isEqualTo(4);
        assertThat(r.measured()).isEqualTo(20);
        assertThat(r.sent() - r.measured()).isGreaterThanOrEqualTo(10 + 3); // and the 3 still in flight
    }

    @Test
    void warmupByTimeAndByCountAreBothHonoured() {
        Run r = closedLoop(new LoadSpec.Size(8, null, 0, Duration.ofMillis(500)), 2, 100 * MS);
        assertThat(r.window().open()).isGreaterThanOrEqualTo(500 * MS);
        assertThat(r.measured()).isEqualTo(8);
    }

    @Test
    void oneSlotHasNoRamp() {
        Run r = closedLoop(new LoadSpec.Size(5, null, 0, null), 1, 100 * MS);
        assertThat(r.window().open()).isZero();
        assertThat(r.sent()).isEqualTo(5);
        assertThat(r.rps()).isEqualTo(10.0);
    }

    @Test
    void openLoopOpensAtTheFirstArrivalAfterWarmup() {
        MeasurementWindow w = new MeasurementWindow(new LoadSpec.Size(3, null, 1, null), 0, 0);
        assertThat(w.admit(0, false)).isEqualTo(Admission.WARMUP);
        assertThat(w.admit(10 * MS, false)).isEqualTo(Admission.WARMUP); // the warm-up has not completed yet
        assertThat(w.completed(15 * MS, false)).isFalse();
        assertThat(w.admit(20 * MS, false)).isEqualTo(Admission.MEASURED);
        assertThat(w.open()).isEqualTo(20 * MS);
        assertThat(w.completed(25 * MS, false))
                .as("warm-up finishing inside the window counts")
                .isTrue();
        assertThat(w.admit(30 * MS, false)).isEqualTo(Admission.MEASURED);
        assertThat(w.admit(40 * MS, false)).isEqualTo(Admission.MEASURED);
        assertThat(w.admit(50 * MS, false)).isEqualTo(Admission.STOP);
        assertThat(w.close()).isEqualTo(50 * MS);
        assertThat(w.completed(45 * MS, true)).isTrue();
        assertThat(w.completed(70 * MS, true)).as("the drain").isFalse();
        assertThat(w.admit(60 * MS, false)).isEqualTo(Admission.STOP);
    }

    @Test
    void cancelClosesTheWindowWhereItIs() {
        MeasurementWindow w = new MeasurementWindow(new LoadSpec.Size(100, null, 0, null), 0, 0);
        w.admit(0, false);
        w.cancel(30 * MS);
        assertThat(w.close()).isEqualTo(30 * MS);
        assertThat(w.admit(40 * MS, false)).isEqualTo(Admission.STOP);
        MeasurementWindow never = new MeasurementWindow(new LoadSpec.Size(100, null, 5, null), 0, 0);
        never.cancel(30 * MS);
        assertThat(never.close() - never.open()).isZero();
    }
}
