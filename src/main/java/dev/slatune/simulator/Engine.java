package dev.slatune.simulator;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The simulated continuous-batching engine. It runs step after step on one Vert.x context while it
 * has work: a step admits waiting requests into free slots (FIFO), lasts as long as the
 * {@link CapacityModel} says for its batch, and at its end gives every sequence in it one token.
 *
 * <p>Step ends are scheduled on an absolute timeline (each end = the previous end + the step's
 * duration), so late timers never accumulate into drift: an overdue step is processed at once and
 * the next one keeps its ideal end. All state is touched on the engine's context only.
 */
final class Engine {

    /** Zero-length or overdue steps processed in one event-loop turn before yielding to new arrivals. */
    private static final int STEPS_PER_TURN = 64;

    private final Context context;
    private final CapacityModel model;
    private final SplittableRandom jitterRandom;
    private final SimulatorMetrics metrics;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private final List<Exchange> running = new ArrayList<>();
    private final List<Exchange> dirty = new ArrayList<>();
    private boolean busy;
    private long stepEnd;

    Engine(Context context, CapacityModel model, long seed, SimulatorMetrics metrics, LongSupplier nanoTime) {
        this.context = context;
        this.model = model;
        this.jitterRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    /** Queues a request; call on the engine's context. */
    void submit(Exchange exchange) {
        waiting.addLast(exchange);
        metrics.promptTokens(exchange.promptTokens());
        if (!busy) {
            busy = true;
            stepEnd = nanoTime.getAsLong(); // an idle engine starts its timeline now
            if (startStep()) {
                schedule();
            }
        } else {
            metrics.gauges(running.size(), waiting.size());
        }
    }

    /** Admits waiting requests and computes the step's end; false when there is nothing to run. */
    private boolean startStep() {
        running.removeIf(this::retire);
        long prefillTokens = 0;
        while (running.size() < model.slots() && !waiting.isEmpty()) {
            Exchange next = waiting.pollFirst();
            if (retire(next)) {
                continue;
            }
            running.add(next);
            prefillTokens += next.promptTokens();
        }
        metrics.gauges(running.size(), waiting.size());
        if (running.isEmpty()) {
            busy = false;
            return false;
        }
        stepEnd += model.stepNanos(running.size(), prefillTokens, jitterRandom);
        return true;
    }

    /** True (and counted) when the exchange is over and leaves the batch. */
    private boolean retire(Exchange e) {
        if (!e.isOver()) {
            return false;
        }
        if (e.finishedNormally()) {
            metrics.finished(e.finish());
        } else {
            metrics.aborted();
        }
        return true;
    }

    private void schedule() {
        long delay = stepEnd - nanoTime.getAsLong();
        if (delay <= 0) {
            context.runOnContext(v -> run());
        } else {
            context.owner().timer(delay, TimeUnit.NANOSECONDS).onComplete(v -> run());
        }
    }

    /** Ends the step in flight, then goes on with the following ones while they are already due. */
    private void run() {
        int budget = STEPS_PER_TURN;
        boolean more;
        while (true) {
            endStep();
            more = startStep();
            if (!more || stepEnd - nanoTime.getAsLong() > 0 || --budget == 0) {
                break;
            }
        }
        for (Exchange e : dirty) {
            e.flush();
        }
        dirty.clear();
        if (more) {
            schedule();
        }
    }

    private void endStep() {
        int tokens = 0;
        for (int i = 0; i < running.size(); i++) {
            Exchange e = running.get(i);
            if (e.isOver()) {
                continue;
            }
            e.onToken();
            tokens++;
            if (!e.queuedForFlush) {
                e.queuedForFlush = true;
                dirty.add(e);
            }
        }
        metrics.generationTokens(tokens);
    }
}
