package dev.slatune.simulator;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The simulated engine's cost model: continuous batching with a fixed number of batch slots and a
 * FIFO queue beyond them. Every engine step advances every running sequence by one token, and a
 * sequence admitted to a step is prefilled in that step (which also yields its first token), as
 * vLLM's v1 scheduler with chunked prefill does. A step lasts
 *
 * <pre>  step = decodeBase + decodePerSeq * running + prefillPerToken * prefillTokens</pre>
 *
 * where {@code running} counts the sequences in the step and {@code prefillTokens} the prompt tokens
 * of the sequences admitted to it. {@code jitter} j stretches each step by a seeded uniform factor
 * in [1 - j, 1 + j]. docs/simulator.md derives the steady-state latencies; {@link #predict} computes
 * them.
 *
 * @param slots batch slots: at most this many sequences run at once, the rest wait in FIFO order
 * @param decodeBase fixed time of one engine step
 * @param decodePerSeq extra step time per running sequence
 * @param prefillPerToken extra step time per prompt token prefilled in the step
 * @param jitter relative half-width of the seeded uniform stretch of each step, 0 to 0.9
 */
public record CapacityModel(
        int slots, Duration decodeBase, Duration decodePerSeq, Duration prefillPerToken, double jitter) {

    /** Defaults resembling a small (about 1B) model on one data-centre GPU. */
    public static final CapacityModel DEFAULT =
            new CapacityModel(64, Duration.ofMillis(8), Duration.ofNanos(150_000), Duration.ofNanos(20_000), 0.0);

    /** No delays at all: the simulator answers as fast as it can (benchmarks of the simulator itself). */
    public static final CapacityModel ZERO = new CapacityModel(1024, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0.0);

    public CapacityModel {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        requireNonNegative("decodeBase", decodeBase);
        requireNonNegative("decodePerSeq", decodePerSeq);
        requireNonNegative("prefillPerToken", prefillPerToken);
        if (!(jitter >= 0 && jitter <= 0.9)) {
            throw new IllegalArgumentException("jitter must be between 0 and 0.9, got " + jitter);
        }
    }

    private static void requireNonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration, got " + d);
        }
    }

    /** Step time in nanoseconds, before jitter, for a step with these sequences and prefilled tokens. */
    public long stepNanos(int running, long prefillTokens) {
        return decodeBase.toNanos() + decodePerSeq.toNanos() * running + prefillPerToken.toNanos() * prefillTokens;
    }

    /** Step time in nanoseconds with jitter drawn from {@code random}: the formula times a uniform [1-j, 1+j]. */
    public long stepNanos(int running, long prefillTokens, SplittableRandom random) {
        long nanos = stepNanos(running, prefillTokens);
        if (jitter == 0 || nanos == 0) {
            return nanos;
        }
        return Math.round(nanos * (1 + jitter * (2 * random.nextDouble() - 1)));
    }

    /**
     * Steady-state prediction for a closed loop of {@code concurrency} clients that send requests
     * back to back, each with {@code promptTokens} prompt tokens and exactly {@code outputTokens}
     * output tokens (max_tokens set, finish_reason length). Without jitter every request of the
     * steady state sees the same times, so the p99 equals the mean up to the client's own overhead
     * and one step of phase; see docs/simulator.md for the derivation and its error bound.
     */
    public Prediction predict(int concurrency, int promptTokens, int outputTokens) {
        if (concurrency < 1 || promptTokens < 0 || outputTokens < 1) {
            throw new IllegalArgumentException("need concurrency >= 1, promptTokens >= 0, outputTokens >= 1; got "
                    + concurrency + ", " + promptTokens + ", " + outputTokens);
        }
        double base = decodeBase.toNanos() / 1e9;
        double perSeq = decodePerSeq.toNanos() / 1e9;
        double perTok = prefillPerToken.toNanos() / 1e9;
        int n = outputTokens;
        double step;
        double ttft;
        double latency;
        if (concurrency <= slots) {
            // Each client's cycle spans n + 1 steps: it waits for the step in flight when it arrives,
            // then spends n steps in the batch (the first one prefills it and yields token 1).
            double cycle = n + 1;
            double running = concurrency * n / cycle;
            double prefill = concurrency * (double) promptTokens / cycle;
            step = base + perSeq * running + perTok * prefill;
            ttft = 2 * step;
            latency = cycle * step;
        } else {
            // All slots busy; requests queue. Each step admits slots/n requests on average.
            double prefill = slots * (double) promptTokens / n;
            step = base + perSeq * slots + perTok * prefill;
            double requestsPerSecond = slots / (n * step);
            latency = concurrency / requestsPerSecond; // Little's law on the closed loop
            ttft = latency - (n - 1) * step;
        }
        double rps = concurrency / latency;
        return new Prediction(concurrency, seconds(ttft), seconds(step), seconds(latency), rps, rps * n);
    }

    /**
     * The largest concurrency in [1, maxConcurrency] whose predicted latency stays at or below
     * {@code latencyLimit}, or 0 when even one client exceeds it. Predicted latency grows with
     * concurrency, so this is the SLA boundary the tuner should find for "p99 latency <= limit".
     */
    public int maxConcurrencyWithin(Duration latencyLimit, int promptTokens, int outputTokens, int maxConcurrency) {
        int best = 0;
        for (int c = 1; c <= maxConcurrency; c++) {
            if (predict(c, promptTokens, outputTokens).latency().compareTo(latencyLimit) <= 0) {
                best = c;
            } else {
                break;
            }
        }
        return best;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
