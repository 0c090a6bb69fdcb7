package dev.slatune.metrics;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Accumulates the outcomes of one probe's measured requests into histograms and counters, and turns
 * them into a {@link ProbeResult}. Thread-safe: load drivers may record from several event loops.
 *
 * <p>Definitions (docs/metrics.md): latency and TTFT run from the scheduled send time; TPOT is
 * (latency - TTFT) / (output tokens - 1) for requests with more than one output token only; ITL
 * gaps are the read-time gaps the client measured. The requests {@link #record recorded} are the
 * ones sent inside the measured window, every one awaited; rps and tps count the successful
 * completions {@link #completedInWindow inside the window} over its length, so the drain after it
 * is excluded. Without a window ({@link #result(String, double, double, long, String)}), the
 * window runs from the first recorded send to the last recorded completion.
 */
public final class ProbeRecorder {

    /** Schedule lag above this (or 10% of the mean inter-arrival time, if larger) marks the client saturated. */
    static final double LAG_LIMIT_SECONDS = 0.005;
    /** An open loop that achieves less than this share of its target rate marks the client saturated. */
    static final double RATE_SHORTFALL = 0.95;

    private final long originNanos;
    private final long originEpochMs;

    private final Histogram latency = HistogramCodec.newMicrosHistogram();
    private final Histogram ttft = HistogramCodec.newMicrosHistogram();
    private final Histogram tpot = HistogramCodec.newMicrosHistogram();
    private final Histogram itl = HistogramCodec.newMicrosHistogram();
    private final Histogram lag = HistogramCodec.newMicrosHistogram();
    private final double[] sums = new double[4];
    private final long[] maxes = new long[4];
    private final long[] mins = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    private final int promisedTokens;
    private final Map<String, Long> errors = new TreeMap<>();
    private final ErrorSampler errorSamples = new ErrorSampler();
    private final GoodputCounter goodput;
    private long total;
    private long succeeded;
    private long outputTokens;
    private long inputTokens;
    private long estimated;
    private long lengthChecked;
    private long shortReplies;
    private long cacheReporting;
    private long cachePromptTokens;
    private long cachedTokens;
    private long windowSucceeded;
    private long windowOutputTokens;
    private long windowInputTokens;
    private long firstStart = Long.MAX_VALUE;
    private long lastStart = Long.MIN_VALUE;
    private long lastEnd = Long.MIN_VALUE;
    private long connectionsOpened;
    private long reconnects;

    /** A recorder whose wall-clock anchor is read from {@code clock} now. */
    public ProbeRecorder(Clock clock) {
        this(clock, 0);
    }

    /**
     * A recorder that also counts replies shorter than {@code promisedTokens} (see {@link ReplyLengths}).
     *
     * @param promisedTokens the fewest output tokens every request was asked for; 0 when not fixed
     */
    public ProbeRecorder(Clock clock, int promisedTokens) {
        this(clock, promisedTokens, List.of());
    }

    /**
     * A recorder that also counts, per goodput SLO set, the measured requests that met all of it.
     *
     * @param goodput the SLO sets of the tuning's goodput rules ({@code load --goodput}); empty for none
     */
    public ProbeRecorder(Clock clock, int promisedTokens, List<GoodputSlo> goodput) {
        this.originNanos = System.nanoTime();
        this.originEpochMs = clock.millis();
        this.promisedTokens = promisedTokens;
        this.goodput = new GoodputCounter(goodput);
    }

    /** Records one measured request. */
    public synchronized void record(RequestOutcome o) {
        total++;
        firstStart = Math.min(firstStart, o.startNanos());
        lastStart = Math.max(lastStart, o.startNanos());
        lastEnd = Math.max(lastEnd, o.endNanos());
        lag.recordValue(Math.max(0, micros(o.startNanos() - o.scheduledNanos())));
        goodput.count(o);
        if (!o.succeeded()) {
            errors.merge(o.error().key(), 1L, Long::sum);
            errorSamples.add(o.error(), o.errorMessage());
            return;
        }
        succeeded++;
        outputTokens += o.outputTokens();
        inputTokens += o.inputTokens();
        if (!o.outputTokensFromUsage()) {
            estimated++;
        } else if (promisedTokens > 0) {
            lengthChecked++;
            if (o.outputTokens() < promisedTokens) {
                shortReplies++;
            }
        }
        cachePromptTokens += o.inputTokens();
        if (o.cachedTokens() >= 0) {
            cacheReporting++;
            cachedTokens += o.cachedTokens();
        }
        long lat = micros(o.endNanos() - o.scheduledNanos());
        add(0, latency, lat);
        if (o.firstTokenNanos() >= 0) {
            long first = micros(o.firstTokenNanos() - o.scheduledNanos());
            add(1, ttft, first);
            if (o.outputTokens() > 1) {
                add(2, tpot, micros(o.endNanos() - o.firstTokenNanos()) / (o.outputTokens() - 1));
            }
        }
        for (long gap : o.itlNanos()) {
            add(3, itl, micros(gap));
        }
    }

    /**
     * Records what the connection layer did for one measured request: whether it opened a
     * connection, and whether it was resent on a fresh one after its reused connection died unanswered.
     */
    public synchronized void recordConnections(int opened, boolean resent) {
        connectionsOpened += opened;
        if (resent) {
            reconnects++;
        }
    }

    private void add(int i, Histogram h, long micros) {
        long v = Math.max(0, micros);
        h.recordValue(v);
        sums[i] += v;
        maxes[i] = Math.max(maxes[i], v);
        mins[i] = Math.min(mins[i], v);
    }

    /**
     * Counts a request (measured or warm-up) that completed inside the measured window towards the
     * throughputs; the caller decides what "inside" is.
     */
    public synchronized void completedInWindow(RequestOutcome o) {
        if (o.succeeded()) {
            windowSucceeded++;
            windowOutputTokens += o.outputTokens();
            windowInputTokens += o.inputTokens();
        }
    }

    private static long micros(long nanos) {
        return Math.round(nanos / 1e3);
    }

    /** Measured requests so far (for progress lines). */
    public synchronized long recorded() {
        return total;
    }

    /**
     * The result so far.
     *
     * @param variable "parallel" or "rate"
     * @param value the pressure asked for
     * @param targetRate arrivals per second asked for, NaN in closed loop
     * @param maxInFlight the most requests the driver had in flight at once
     * @param saturationReason set when the driver knows it limited the pressure itself, else null
     */
    public synchronized ProbeResult result(
            String variable, double value, double targetRate, long maxInFlight, String saturationReason) {
        long open = total == 0 ? originNanos : firstStart;
        long close = total == 0 ? originNanos : Math.max(firstStart, lastEnd);
        return result(
                variable,
                value,
                targetRate,
                maxInFlight,
                saturationReason,
                open,
                close,
                new WindowCompletions(succeeded, outputTokens, inputTokens));
    }

    /**
     * The result over the measured window {@code openNanos..closeNanos} (System.nanoTime), its
     * throughputs from the completions {@link #completedInWindow counted inside it}.
     */
    public synchronized ProbeResult result(
            String variable,
            double value,
            double targetRate,
            long maxInFlight,
            String saturationReason,
            long openNanos,
            long closeNanos) {
        return result(
                variable,
                value,
                targetRate,
                maxInFlight,
                saturationReason,
                openNanos,
                closeNanos,
                new WindowCompletions(windowSucceeded, windowOutputTokens, windowInputTokens));
    }

    private ProbeResult result(
            String variable,
            double value,
            double targetRate,
            long maxInFlight,
            String saturationReason,
            long openNanos,
            long closeNanos,
            WindowCompletions completions) {
        double window = Math.max(0, (closeNanos - openNanos) / 1e9);
        double sendSpan = total < 2 ? 0 : (lastStart - firstStart) / 1e9;
        double achieved = sendSpan > 0 ? (total - 1) / sendSpan : 0;
        double lagP99 = lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99) / 1e6;
        String reason = saturationReason;
        if (reason == null && !Double.isNaN(targetRate) && targetRate > 0 && total >= 10) {
            double lagLimit = Math.max(LAG_LIMIT_SECONDS, 0.1 / targetRate);
            if (achieved < RATE_SHORTFALL * targetRate) {
                reason = String.format("client achieved %.2f req/s of the %.2f asked", achieved, targetRate);
            } else if (lagP99 > lagLimit) {
                reason = String.format("client sent late: schedule lag p99 %.1f ms", lagP99 * 1e3);
            }
        }
        Map<String, String> hist = new LinkedHashMap<>();
        Histogram[] hs = {latency, ttft, tpot, itl};
        Distribution[] ds = new Distribution[4];
        for (int i = 0; i < 4; i++) {
            ds[i] = HistogramCodec.summarise(hs[i], sums[i], mins[i], maxes[i]);
            if (hs[i].getTotalCount() > 0) {
                hist.put(ProbeResult.DISTRIBUTIONS.get(i), HistogramCodec.encode(hs[i]));
            }
        }
        long startEpoch = originEpochMs + Math.round((openNanos - originNanos) / 1e6);
        return new ProbeResult(
                ProbeResult.SCHEMA,
                variable,
                value,
                1,
                startEpoch,
                window,
                new RequestCounts(total, succeeded, total - succeeded, errors),
                ProbeResult.perSecond(completions.succeeded(), window),
                ProbeResult.perSecond(completions.outputTokens(), window),
                ProbeResult.perSecond(completions.inputTokens(), window),
                outputTokens,
                inputTokens,
                estimated,
                ds[0],
                ds[1],
                ds[2],
                ds[3],
                new ClientStats(
                        targetRate,
                        achieved,
                        lagP99,
                        maxInFlight,
                        reason != null,
                        reason,
                        connectionsOpened,
                        reconnects),
                hist,
                HistogramCodec.SIGNIFICANT_DIGITS,
                List.of(),
                List.of(),
                completions,
                promisedTokens > 0
                        ? new ReplyLengths(promisedTokens, lengthChecked, shortReplies)
                        : ReplyLengths.UNCHECKED,
                new PromptCache(cacheReporting, cachePromptTokens, cachedTokens),
                errorSamples.samples(),
                null,
                goodput.counts());
    }
}
