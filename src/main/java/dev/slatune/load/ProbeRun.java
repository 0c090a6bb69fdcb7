package dev.slatune.load;

import dev.slatune.metrics.ProbeRecorder;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.RequestOutcome;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pressure point in flight: the closed loop (N slots, each sending its next request as soon as
 * the previous one completes) or the open loop (a dedicated scheduler thread releasing requests at
 * precomputed Poisson or constant arrival times, independent of completions, optionally capped).
 * {@link MeasurementWindow} decides which sends are warm-up (sent the same way, not recorded) and
 * which are measured, and which completions count for throughput. Completes its future with the
 * {@link ProbeResult} when every issued request has finished, or at once when cancelled.
 *
 * <p>The closed loop ramps up: slot 0's first request goes alone and measures one service time S;
 * when it returns, slot 0 goes on and slots 1..N-1 start at steps of S/N, so the N sends of the first
 * wave are spread over one service time the way completions are in steady state, instead of all
 * landing in one instant (a burst no steady state has, which queues the whole first wave behind
 * one batch's prefill).
 */
final class ProbeRun {

    /** A closed-loop send later than this after its slot freed counts as a late send. */
    static final long LATE_NANOS = 5_000_000L;
    /**
     * Late sends that flag the client: one or two 5 ms hiccups (a GC pause, a busy shared core) in a probe of a
     * few dozen requests are above 1% but say nothing about the client's capacity, and a flag sends the value
     * into a retry on more pods.
     */
    static final int MIN_LATE_SENDS = 3;
    /** The ramp spreads the slots' first sends over the pilot's service time, but never longer than this. */
    static final long MAX_RAMP_NANOS = 10_000_000_000L;

    private final LoadSpec spec;
    private final RequestSender sender;
    private final PromptSource prompts;
    private final RequestBodies bodies;
    private final Context[] contexts;
    private final ProbeRecorder recorder;
    /** Also hears every measured outcome (perf's per-request figures); set before start. */
    private volatile java.util.function.Consumer<RequestOutcome> measuredSink = o -> {};

    private final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    private final Object lock = new Object();

    // Guarded by lock.
    private MeasurementWindow window;
    private int issuers;
    private boolean issuingDone;
    private long inFlight;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();

    private final AtomicLong maxInFlight = new AtomicLong();
    private final AtomicLong measuredDone = new AtomicLong();
    private final AtomicLong measuredFailed = new AtomicLong();
    private final AtomicLong lateSends = new AtomicLong();
    private final AtomicLong cappedWaits = new AtomicLong();
    private volatile boolean cancelled;
    private volatile boolean warmingUp = true;
    private volatile boolean pilotReturned;
    private long runStart;
    private long cpuStart;

    ProbeRun(
            LoadSpec spec,
            RequestSender sender,
            PromptSource prompts,
            RequestBodies bodies,
            Context[] contexts,
            Clock clock) {
        this.spec = spec;
        this.sender = sender;
        this.prompts = prompts;
        this.bodies = bodies;
        this.contexts = contexts;
        this.recorder = new ProbeRecorder(clock, PromisedLength.of(spec.body()), spec.goodput());
    }

    /** Starts sending; the future completes with the result. */
    CompletableFuture<ProbeResult> start() {
        runStart = System.nanoTime();
        cpuStart = CpuMeter.processCpuNanos();
        if (spec.pressure().isOpenLoop()) {
            synchronized (lock) {
                issuers = 1;
                window = new MeasurementWindow(spec.size(), runStart, 0);
            }
            Thread t = new Thread(this::openLoop, "slatune-arrivals");
            t.setDaemon(true);
            t.start();
        } else {
            int n = spec.pressure().parallel();
            synchronized (lock) {
                issuers = n;
                window = new MeasurementWindow(spec.size(), runStart, n);
            }
            long scheduled = runStart;
            contexts[0].runOnContext(v -> closedLoopNext(0, scheduled, true));
        }
        return result;
    }

    /** Stops sending and completes the result with what was measured so far. */
    void cancel() {
        cancelled = true;
        result.complete(buildResult());
    }

    /** A snapshot for progress lines. */
    Progress progress() {
        long inFlightNow;
        synchronized (lock) {
            inFlightNow = inFlight;
        }
        return new Progress(
                measuredDone.get(),
                measuredFailed.get(),
                inFlightNow,
                warmingUp,
                spec.size().number(),
                Duration.ofNanos(System.nanoTime() - runStart),
                spec.size().duration());
    }

    // ---- admission: which request may go, and is it warm-up ----

    /** Admits a send scheduled at {@code t}: 1 measured, 0 warm-up, -1 stop. */
    private int admit(long t, boolean takeSlot, boolean firstOfSlot) {
        synchronized (lock) {
            if (cancelled || issuingDone) {
                return -1;
            }
            MeasurementWindow.Admission a = window.admit(t, firstOfSlot);
            if (a == MeasurementWindow.Admission.STOP) {
                issuingDone = true;
                return -1;
            }
            if (a == MeasurementWindow.Admission.MEASURED) {
                warmingUp = false;
            }
            if (takeSlot) {
                inFlight++;
                maxInFlight.accumulateAndGet(inFlight, Math::max);
            }
            return a == MeasurementWindow.Admission.MEASURED ? 1 : 0;
        }
    }

    // ---- closed loop ----

    private void closedLoopNext(int lane, long scheduled, boolean firstOfSlot) {
        int kind = admit(scheduled, true, firstOfSlot);
        if (kind < 0) {
            issuerDone();
            return;
        }
        Prompt p = prompts.next();
        Buffer body = bodies.buffer(p);
        sender.send(lane, body, p.tokens(), scheduled, (o, opened, resent) -> {
            if (o.startNanos() - o.scheduledNanos() > LATE_NANOS && kind == 1) {
                lateSends.incrementAndGet();
            }
            completed(o, kind == 1, opened, resent);
            // Not from inside the reply's end handler: its connection goes back to the pool only after
            // the handler returns, and a request made before that waits for the pool (measured: 20x slower).
            long freed = System.nanoTime();
            if (!pilotReturned) {
                pilotReturned = true; // only slot 0 runs until the pilot returns
                startRamp(freed);
            }
            contexts[lane].runOnContext(v -> closedLoopNext(lane, freed, false));
        });
    }

    /** Starts slots 1..N-1 at steps of S/N after the pilot returned, S its service time. */
    private void startRamp(long freed) {
        int n = spec.pressure().parallel();
        long service = Math.min(MAX_RAMP_NANOS, Math.max(0, freed - runStart));
        for (int i = 1; i < n; i++) {
            long at = freed + service * i / n;
            int lane = i % contexts.length;
            contexts[lane].runOnContext(v -> {
                long delayMs = (at - System.nanoTime()) / 1_000_000L;
                if (delayMs < 1) {
                    closedLoopNext(lane, at, true);
                } else {
                    contexts[lane].owner().setTimer(delayMs, id -> closedLoopNext(lane, at, true));
                }
            });
        }
    }

    // ---- open loop ----

    private void openLoop() {
        ArrivalSchedule arrivals = new ArrivalSchedule(
                spec.pressure().rate(), spec.pressure().arrival(), Seeds.mix(spec.seed(), spec.run(), 0x5EED_0003L));
        int cap = spec.pressure().maxConcurrency();
        ArrivalWaiter waiter = new ArrivalWaiter();
        long k = 0;
        while (!cancelled) {
            long scheduled = runStart + arrivals.nextOffsetNanos();
            // The in-flight count is taken when the request is actually released, below.
            int kind = admit(scheduled, false, false);
            if (kind < 0) {
                break;
            }
            Prompt p = prompts.next();
            Buffer body = bodies.buffer(p);
            waiter.waitUntil(scheduled);
            if (cancelled) {
                break;
            }
            Pending req = new Pending(body, p.tokens(), scheduled, kind == 1, (int) (k++ % contexts.length));
            boolean go;
            synchronized (lock) {
                go = cap == 0 || inFlight < cap;
                if (go) {
                    inFlight++;
                    maxInFlight.accumulateAndGet(inFlight, Math::max);
                } else {
                    waiting.add(req);
                }
            }
            if (go) {
                dispatch(req);
            } else if (req.measured) {
                cappedWaits.incrementAndGet();
            }
        }
        issuerDone();
    }

    private void dispatch(Pending req) {
        contexts[req.lane].runOnContext(v ->
                sender.send(req.lane, req.body, req.promptTokens, req.scheduled, (o, opened, resent) -> {
                    Pending next;
                    synchronized (lock) {
                        next = waiting.poll();
                        if (next != null) {
                            inFlight++; // the freed slot goes straight to the oldest waiting arrival
                        }
                    }
                    completed(o, req.measured, opened, resent);
                    if (next != null) {
                        dispatch(next);
                    }
                }));
    }

    // ---- completion ----

    /** Also hands each measured outcome to {@code sink} (see {@link ProgressListener#onMeasured}). */
    void onMeasured(java.util.function.Consumer<RequestOutcome> sink) {
        this.measuredSink = sink;
    }

    private void completed(RequestOutcome o, boolean measured, int connectionsOpened, boolean resent) {
        if (measured && !cancelled) {
            recorder.record(o);
            recorder.recordConnections(connectionsOpened, resent);
            measuredSink.accept(o);
            measuredDone.incrementAndGet();
            if (!o.succeeded()) {
                measuredFailed.incrementAndGet();
            }
        }
        boolean finished;
        boolean inWindow;
        synchronized (lock) {
            inFlight--;
            finished = issuers == 0 && inFlight == 0 && waiting.isEmpty();
            inWindow = window != null && window.completed(o.endNanos(), measured);
        }
        if (inWindow && !cancelled) {
            recorder.completedInWindow(o);
        }
        if (finished) {
            result.complete(buildResult());
        }
    }

    private void issuerDone() {
        boolean finished;
        synchronized (lock) {
            issuers--;
            finished = issuers == 0 && inFlight == 0 && waiting.isEmpty();
        }
        if (finished) {
            result.complete(buildResult());
        }
    }

    private ProbeResult buildResult() {
        double targetRate = spec.pressure().isOpenLoop() ? spec.pressure().rate() : Double.NaN;
        long open;
        long close;
        synchronized (lock) {
            if (window == null) { // cancelled before it started
                window = new MeasurementWindow(spec.size(), System.nanoTime(), 0);
            }
            if (!window.closed()) {
                window.cancel(System.nanoTime());
            }
            open = window.open();
            close = window.close();
        }
        return recorder.result(
                spec.variable(), spec.value(), targetRate, maxInFlight.get(), saturationReason(), open, close);
    }

    /** Why the client, not the server, limited the pressure, when the driver can tell; else null. */
    private String saturationReason() {
        long measured = Math.max(1, measuredDone.get());
        if (cappedWaits.get() * 100 > measured) {
            return String.format(
                    "concurrency cap %d reached: %d arrivals waited for a free slot",
                    spec.pressure().maxConcurrency(), cappedWaits.get());
        }
        if (lateSends.get() >= MIN_LATE_SENDS && lateSends.get() * 100 > measured) {
            return String.format(
                    "client sent late: %d of %d sends more than 5 ms after their slot freed",
                    lateSends.get(), measured);
        }
        double busy = CpuMeter.busyShare(cpuStart, runStart);
        if (busy > 0.9) {
            return String.format("client process used %.0f%% of all CPUs", busy * 100);
        }
        return null;
    }

    /** An arrival waiting for a free slot under the concurrency cap. */
    private record Pending(Buffer body, int promptTokens, long scheduled, boolean measured, int lane) {}
}
