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
import java.util.concurrent.locks.LockSupport;

/**
 * One pressure point in flight: the closed loop (N slots, each sending its next request as soon as
 * the previous one completes) or the open loop (a dedicated scheduler thread releasing requests at
 * precomputed Poisson or constant arrival times, independent of completions, optionally capped).
 * Warm-up requests are sent the same way but not recorded. Completes its future with the
 * {@link ProbeResult} when every issued request has finished, or at once when cancelled.
 */
final class ProbeRun {

    /** A closed-loop send later than this after its slot freed counts as a late send. */
    static final long LATE_NANOS = 5_000_000L;
    /** Open loop: wake up this long before an arrival and spin the rest, for sub-millisecond precision. */
    private static final long SPIN_NANOS = 200_000L;

    private final LoadSpec spec;
    private final RequestSender sender;
    private final PromptSource prompts;
    private final RequestBodies bodies;
    private final Context[] contexts;
    private final ProbeRecorder recorder;
    /** Also hears every measured outcome (perf's per-request figures); set before start. */
    private volatile java.util.function.Consumer<RequestOutcome> measuredSink = o -> {
    };
    private final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    private final Object lock = new Object();

    // Guarded by lock.
    private long issued;
    private long measuredIssued;
    private long measureStart = Long.MIN_VALUE;
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
    private volatile boolean warmingUp;
    private long runStart;
    private long cpuStart;

    ProbeRun(LoadSpec spec, RequestSender sender, PromptSource prompts, RequestBodies bodies, Context[] contexts,
            Clock clock) {
        this.spec = spec;
        this.sender = sender;
        this.prompts = prompts;
        this.bodies = bodies;
        this.contexts = contexts;
        this.recorder = new ProbeRecorder(clock);
        this.warmingUp = spec.size().warmupNum() > 0 || spec.size().warmupDuration() != null;
    }

    /** Starts sending; the future completes with the result. */
    CompletableFuture<ProbeResult> start() {
        runStart = System.nanoTime();
        cpuStart = CpuMeter.processCpuNanos();
        if (spec.pressure().isOpenLoop()) {
            synchronized (lock) {
                issuers = 1;
            }
            Thread t = new Thread(this::openLoop, "slatune-arrivals");
            t.setDaemon(true);
            t.start();
        } else {
            int n = spec.pressure().parallel();
            synchronized (lock) {
                issuers = n;
            }
            for (int i = 0; i < n; i++) {
                long scheduled = runStart;
                int lane = i % contexts.length;
                contexts[lane].runOnContext(v -> closedLoopNext(lane, scheduled));
            }
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
        return new Progress(measuredDone.get(), measuredFailed.get(), inFlightNow, warmingUp, spec.size().number(),
                Duration.ofNanos(System.nanoTime() - runStart), spec.size().duration());
    }

    // ---- admission: which request may go, and is it warm-up ----

    /** Admits request number {@code issued} scheduled at {@code t}: 1 measured, 0 warm-up, -1 stop. */
    private int admit(long t, boolean takeSlot) {
        synchronized (lock) {
            if (cancelled || issuingDone) {
                return -1;
            }
            LoadSpec.Size size = spec.size();
            boolean warm = issued < size.warmupNum()
                    || size.warmupDuration() != null && t - runStart < size.warmupDuration().toNanos();
            if (!warm) {
                if (size.number() > 0 && measuredIssued >= size.number()
                        || size.duration() != null && measureStart != Long.MIN_VALUE
                        && t - measureStart >= size.duration().toNanos()) {
                    issuingDone = true;
                    return -1;
                }
                if (measureStart == Long.MIN_VALUE) {
                    measureStart = t;
                    warmingUp = false;
                }
                measuredIssued++;
            }
            issued++;
            if (takeSlot) {
                inFlight++;
                maxInFlight.accumulateAndGet(inFlight, Math::max);
            }
            return warm ? 0 : 1;
        }
    }

    // ---- closed loop ----

    private void closedLoopNext(int lane, long scheduled) {
        int kind = admit(scheduled, true);
        if (kind < 0) {
            issuerDone();
            return;
        }
        Prompt p = prompts.next();
        Buffer body = Buffer.buffer(bodies.render(p));
        sender.send(lane, body, p.tokens(), scheduled, (o, opened, resent) -> {
            if (o.startNanos() - o.scheduledNanos() > LATE_NANOS && kind == 1) {
                lateSends.incrementAndGet();
            }
            completed(o, kind == 1, opened, resent);
            // Not from inside the reply's end handler: its connection goes back to the pool only after
            // the handler returns, and a request made before that waits for the pool (measured: 20x slower).
            long freed = System.nanoTime();
            contexts[lane].runOnContext(v -> closedLoopNext(lane, freed));
        });
    }

    // ---- open loop ----

    private void openLoop() {
        ArrivalSchedule arrivals = new ArrivalSchedule(spec.pressure().rate(), spec.pressure().arrival(),
                Seeds.mix(spec.seed(), spec.run(), 0x5EED_0003L));
        int cap = spec.pressure().maxConcurrency();
        long k = 0;
        while (!cancelled) {
            long scheduled = runStart + arrivals.nextOffsetNanos();
            // The in-flight count is taken when the request is actually released, below.
            int kind = admit(scheduled, false);
            if (kind < 0) {
                break;
            }
            Prompt p = prompts.next();
            Buffer body = Buffer.buffer(bodies.render(p));
            waitUntil(scheduled);
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
        contexts[req.lane].runOnContext(v -> sender.send(req.lane, req.body, req.promptTokens, req.scheduled,
                (o, opened, resent) -> {
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

    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (left > SPIN_NANOS) {
                LockSupport.parkNanos(left - SPIN_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
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
        synchronized (lock) {
            inFlight--;
            finished = issuers == 0 && inFlight == 0 && waiting.isEmpty();
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
        return recorder.result(spec.variable(), spec.value(), targetRate, maxInFlight.get(), saturationReason());
    }

    /** Why the client, not the server, limited the pressure, when the driver can tell; else null. */
    private String saturationReason() {
        long measured = Math.max(1, measuredDone.get());
        if (cappedWaits.get() * 100 > measured) {
            return String.format("concurrency cap %d reached: %d arrivals waited for a free slot",
                    spec.pressure().maxConcurrency(), cappedWaits.get());
        }
        if (lateSends.get() * 100 > measured) {
            return String.format("client sent late: %d of %d sends more than 5 ms after their slot freed",
                    lateSends.get(), measured);
        }
        double busy = CpuMeter.busyShare(cpuStart, runStart);
        if (busy > 0.9) {
            return String.format("client process used %.0f%% of all CPUs", busy * 100);
        }
        return null;
    }

    /** An arrival waiting for a free slot under the concurrency cap. */
    private record Pending(Buffer body, int promptTokens, long scheduled, boolean measured, int lane) {
    }
}
