package dev.slatune.metrics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The measurement of ONE pressure point (one run of {@code slatune load}, or several runs or pods
 * merged): the contract between the load worker and whoever judges the SLA.
 *
 * <p>Times are in seconds, throughputs per second. {@code histograms} carries the encoded
 * HdrHistograms (microseconds) of latency, ttft, tpot and itl so that {@link #merge} pools samples
 * exactly instead of averaging percentiles.
 *
 * @param schema always {@link #SCHEMA}
 * @param variable "parallel" or "rate"
 * @param value the pressure measured: concurrency, or arrivals per second
 * @param parts how many runs or pods this result pools
 * @param startedAtEpochMs wall-clock time of the first measured send (to merge concurrent pods)
 * @param windowSeconds the measured window: from its opening (the first measured send, at full pressure)
 *     to its close (the fixed duration, or the first send opportunity after the last measured request);
 *     the drain after it is excluded; summed over sequential runs
 * @param requests measured requests, warm-up excluded
 * @param rps successful requests completed inside the window, per second of window
 * @param tps output tokens of those requests per second of window
 * @param inputTps prompt tokens of those requests per second of window
 * @param outputTokens output tokens of successful measured requests
 * @param inputTokens prompt tokens of successful measured requests
 * @param outputTokensEstimated successful requests whose output tokens were not reported by the server
 * @param latency end-to-end latency
 * @param ttft time to first token
 * @param tpot time per output token, requests with more than one output token only
 * @param itl inter-token latency
 * @param client how the load generator fared
 * @param histograms encoded histograms by metric name; a name is absent when dropped to fit the size limit
 * @param histogramDigits the significant digits of the histograms (2 in schema v1, 3 since v2)
 * @param droppedHistograms distributions that have samples but whose histogram this JSON left out to fit
 *     the size limit: their percentiles here are exact, a merge of them is not
 * @param approximatePercentiles distributions whose percentiles are not pooled exactly because a merged
 *     part lacked its histogram (they are the worst part's, which can only make a verdict stricter)
 * @param windowCompletions the numerators of rps/tps/inputTps; null in schema v1 (then the measured counts)
 * @param replyLengths replies shorter than the request fixed them to be
 * @param promptCache the cached share of the prompts, as the server reported it
 * @param errorSamples the first few distinct failure messages per kind with their counts; null or
 *     empty when nothing failed
 * @param server what the server's own metrics said during the probe, or null when not scraped
 * @param goodput per goodput SLO set, the measured requests that met all of it (optional in v2; absent
 *     when the probe counted none); merges sum them set by set. JSON: {@code {"ttft<=0.2": [met, total]}}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeResult(
        String schema,
        String variable,
        double value,
        int parts,
        long startedAtEpochMs,
        double windowSeconds,
        RequestCounts requests,
        double rps,
        double tps,
        double inputTps,
        long outputTokens,
        long inputTokens,
        long outputTokensEstimated,
        Distribution latency,
        Distribution ttft,
        Distribution tpot,
        Distribution itl,
        ClientStats client,
        Map<String, String> histograms,
        int histogramDigits,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> droppedHistograms,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> approximatePercentiles,
        WindowCompletions windowCompletions,

        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ReplyLengths.Unchecked.class)
        ReplyLengths replyLengths,

        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = PromptCache.Unreported.class)
        PromptCache promptCache,

        List<ErrorSample> errorSamples,
        ServerMetrics server,

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonSerialize(using = GoodputJson.Writer.class)
        @JsonDeserialize(using = GoodputJson.Reader.class)
        List<GoodputCount> goodput) {

    /** v2: 3-digit histograms, exact minimums, window completions, reply lengths, prompt cache. */
    public static final String SCHEMA = "slatune.dev/probe-result/v2";
    /** Still read: 2-digit histograms, none of the v2 fields. */
    public static final String SCHEMA_V1 = "slatune.dev/probe-result/v1";

    /** The names of the distributions that carry histograms, in a fixed order. */
    public static final List<String> DISTRIBUTIONS = List.of("latency", "ttft", "tpot", "itl");

    public ProbeResult {
        histograms = histograms == null ? Map.of() : Map.copyOf(histograms);
        boolean v1 = SCHEMA_V1.equals(schema);
        if (histogramDigits == 0) {
            histogramDigits = v1 ? 2 : HistogramCodec.SIGNIFICANT_DIGITS;
        }
        if (v1) {
            // v1 had no exact minimum: Jackson filled in 0, which is not a measurement.
            latency = withoutMin(latency);
            ttft = withoutMin(ttft);
            tpot = withoutMin(tpot);
            itl = withoutMin(itl);
        }
        droppedHistograms = droppedHistograms == null ? List.of() : List.copyOf(droppedHistograms);
        approximatePercentiles = approximatePercentiles == null ? List.of() : List.copyOf(approximatePercentiles);
        replyLengths = replyLengths == null ? ReplyLengths.UNCHECKED : replyLengths;
        promptCache = promptCache == null ? PromptCache.NONE : promptCache;
        errorSamples = errorSamples == null || errorSamples.isEmpty() ? null : List.copyOf(errorSamples);
        goodput = goodput == null ? List.of() : List.copyOf(goodput);
    }

    /** A result without goodput counts (the form before goodput rules). */
    public ProbeResult(
            String schema,
            String variable,
            double value,
            int parts,
            long startedAtEpochMs,
            double windowSeconds,
            RequestCounts requests,
            double rps,
            double tps,
            double inputTps,
            long outputTokens,
            long inputTokens,
            long outputTokensEstimated,
            Distribution latency,
            Distribution ttft,
            Distribution tpot,
            Distribution itl,
            ClientStats client,
            Map<String, String> histograms,
            int histogramDigits,
            List<String> droppedHistograms,
            List<String> approximatePercentiles,
            WindowCompletions windowCompletions,
            ReplyLengths replyLengths,
            PromptCache promptCache,
            List<ErrorSample> errorSamples,
            ServerMetrics server) {
        this(
                schema,
                variable,
                value,
                parts,
                startedAtEpochMs,
                windowSeconds,
                requests,
                rps,
                tps,
                inputTps,
                outputTokens,
                inputTokens,
                outputTokensEstimated,
                latency,
                ttft,
                tpot,
                itl,
                client,
                histograms,
                histogramDigits,
                droppedHistograms,
                approximatePercentiles,
                windowCompletions,
                replyLengths,
                promptCache,
                errorSamples,
                server,
                null);
    }

    /**
     * A result without the v2 measurement details (for summaries built from other results): histograms
     * at this codec's precision, throughput numerators taken from the measured counts.
     */
    public ProbeResult(
            String schema,
            String variable,
            double value,
            int parts,
            long startedAtEpochMs,
            double windowSeconds,
            RequestCounts requests,
            double rps,
            double tps,
            double inputTps,
            long outputTokens,
            long inputTokens,
            long outputTokensEstimated,
            Distribution latency,
            Distribution ttft,
            Distribution tpot,
            Distribution itl,
            ClientStats client,
            Map<String, String> histograms) {
        this(
                schema,
                variable,
                value,
                parts,
                startedAtEpochMs,
                windowSeconds,
                requests,
                rps,
                tps,
                inputTps,
                outputTokens,
                inputTokens,
                outputTokensEstimated,
                latency,
                ttft,
                tpot,
                itl,
                client,
                histograms,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static Distribution withoutMin(Distribution d) {
        return d == null || d.count() == 0
                ? d
                : new Distribution(d.count(), d.avg(), d.p50(), d.p90(), d.p99(), d.max(), Double.NaN);
    }

    /** The same result reported at another pressure value (a concurrent merge sums the shares' values). */
    public ProbeResult withValue(double v) {
        return new ProbeResult(
                schema,
                variable,
                v,
                parts,
                startedAtEpochMs,
                windowSeconds,
                requests,
                rps,
                tps,
                inputTps,
                outputTokens,
                inputTokens,
                outputTokensEstimated,
                latency,
                ttft,
                tpot,
                itl,
                client,
                histograms,
                histogramDigits,
                droppedHistograms,
                approximatePercentiles,
                windowCompletions,
                replyLengths,
                promptCache,
                errorSamples,
                server,
                goodput);
    }

    /** The same result carrying only the named histograms; the others, if they have samples, are listed as dropped. */
    public ProbeResult withHistograms(Map<String, String> kept) {
        List<String> dropped = new ArrayList<>(droppedHistograms);
        for (String name : histograms.keySet()) {
            if (!kept.containsKey(name) && !dropped.contains(name)) {
                dropped.add(name);
            }
        }
        return new ProbeResult(
                schema,
                variable,
                value,
                parts,
                startedAtEpochMs,
                windowSeconds,
                requests,
                rps,
                tps,
                inputTps,
                outputTokens,
                inputTokens,
                outputTokensEstimated,
                latency,
                ttft,
                tpot,
                itl,
                client,
                kept,
                histogramDigits,
                dropped,
                approximatePercentiles,
                windowCompletions,
                replyLengths,
                promptCache,
                errorSamples,
                server,
                goodput);
    }

    /** Whether every percentile here is exact for the samples this result pools. */
    @JsonIgnore
    public boolean percentilesExact() {
        return approximatePercentiles.isEmpty();
    }

    /** The throughput numerators: the window completions, or for a v1 result the measured counts. */
    @JsonIgnore
    public WindowCompletions completionsInWindow() {
        return windowCompletions != null
                ? windowCompletions
                : new WindowCompletions(requests.succeeded(), outputTokens, inputTokens);
    }

    /** This result with other error samples. */
    public ProbeResult withErrorSamples(List<ErrorSample> samples) {
        return new ProbeResult(
                schema,
                variable,
                value,
                parts,
                startedAtEpochMs,
                windowSeconds,
                requests,
                rps,
                tps,
                inputTps,
                outputTokens,
                inputTokens,
                outputTokensEstimated,
                latency,
                ttft,
                tpot,
                itl,
                client,
                histograms,
                histogramDigits,
                droppedHistograms,
                approximatePercentiles,
                windowCompletions,
                replyLengths,
                promptCache,
                samples,
                server,
                goodput);
    }

    /** This result with the server's figures. */
    public ProbeResult withServer(ServerMetrics s) {
        return new ProbeResult(
                schema,
                variable,
                value,
                parts,
                startedAtEpochMs,
                windowSeconds,
                requests,
                rps,
                tps,
                inputTps,
                outputTokens,
                inputTokens,
                outputTokensEstimated,
                latency,
                ttft,
                tpot,
                itl,
                client,
                histograms,
                histogramDigits,
                droppedHistograms,
                approximatePercentiles,
                windowCompletions,
                replyLengths,
                promptCache,
                errorSamples,
                s,
                goodput);
    }

    /** This result with other goodput counts. */
    public ProbeResult withGoodput(List<GoodputCount> counts) {
        return new ProbeResult(
                schema,
                variable,
                value,
                parts,
                startedAtEpochMs,
                windowSeconds,
                requests,
                rps,
                tps,
                inputTps,
                outputTokens,
                inputTokens,
                outputTokensEstimated,
                latency,
                ttft,
                tpot,
                itl,
                client,
                histograms,
                histogramDigits,
                droppedHistograms,
                approximatePercentiles,
                windowCompletions,
                replyLengths,
                promptCache,
                errorSamples,
                server,
                counts);
    }

    /** The count of the goodput SLO set {@code slos} (its {@code --goodput} text), or null when not counted. */
    public GoodputCount goodputOf(String slos) {
        return goodput.stream().filter(c -> c.slos().equals(slos)).findFirst().orElse(null);
    }

    /** Requests per second that met every SLO of {@code count}'s set: met over the measured window; NaN when not counted. */
    public double goodputRate(GoodputCount count) {
        return count == null ? Double.NaN : perSecond(count.met(), windowSeconds);
    }

    /** The error samples, never null. */
    public List<ErrorSample> errorSamplesOrEmpty() {
        return errorSamples == null ? List.of() : errorSamples;
    }

    /** How the parts of a merge relate in time. */
    public enum MergeMode {
        /** Runs one after another at the same value: windows add up. */
        SEQUENTIAL,
        /** Pods sharing one probe's load at the same time: the window is the span they cover together. */
        CONCURRENT
    }

    /** The named distribution: latency, ttft, tpot or itl. */
    public Distribution distribution(String name) {
        return switch (name) {
            case "latency" -> latency;
            case "ttft" -> ttft;
            case "tpot" -> tpot;
            case "itl" -> itl;
            default -> throw new IllegalArgumentException("unknown distribution '" + name + "'");
        };
    }

    /** Succeeded over total (1.0 is 100%), NaN when nothing was measured. */
    @JsonIgnore
    public double successRate() {
        return requests.successRate();
    }

    /**
     * Pools several results of the same variable and value exactly: counts and tokens add,
     * averages are weighted by sample counts, percentiles come from the merged histograms. Where a
     * part lacks a histogram (dropped for size), that percentile falls back to the worst part's,
     * which can only make a verdict stricter.
     */
    public static ProbeResult merge(List<ProbeResult> parts, MergeMode mode) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        ProbeResult first = parts.get(0);
        RequestCounts counts = first.requests;
        long outTok = first.outputTokens;
        long inTok = first.inputTokens;
        long estimated = first.outputTokensEstimated;
        WindowCompletions completions = first.completionsInWindow();
        ReplyLengths lengths = first.replyLengths;
        PromptCache cache = first.promptCache;
        int digits = first.histogramDigits;
        int n = first.parts;
        long start = first.startedAtEpochMs;
        double window = first.windowSeconds;
        double end = first.startedAtEpochMs / 1e3 + first.windowSeconds;
        for (ProbeResult p : parts.subList(1, parts.size())) {
            if (!p.variable.equals(first.variable) || p.value != first.value && mode == MergeMode.SEQUENTIAL) {
                throw new IllegalArgumentException(
                        "cannot merge " + p.variable + "=" + p.value + " into " + first.variable + "=" + first.value);
            }
            counts = counts.plus(p.requests);
            outTok += p.outputTokens;
            inTok += p.inputTokens;
            estimated += p.outputTokensEstimated;
            completions = completions.plus(p.completionsInWindow());
            lengths = lengths.plus(p.replyLengths);
            cache = cache.plus(p.promptCache);
            digits = Math.min(digits, p.histogramDigits);
            n += p.parts;
            start = Math.min(start, p.startedAtEpochMs);
            window += p.windowSeconds;
            end = Math.max(end, p.startedAtEpochMs / 1e3 + p.windowSeconds);
        }
        if (mode == MergeMode.CONCURRENT) {
            window = Math.max(0, end - start / 1e3);
        }
        double value = mode == MergeMode.CONCURRENT
                ? parts.stream().mapToDouble(ProbeResult::value).sum()
                : first.value;
        Map<String, String> hist = new LinkedHashMap<>();
        Map<String, Distribution> dists = new LinkedHashMap<>();
        List<String> approximate = new ArrayList<>();
        for (String name : DISTRIBUTIONS) {
            Distribution d = mergeDistribution(parts, name, hist);
            dists.put(name, d);
            boolean inexact = d.count() > 0 && !hist.containsKey(name)
                    || parts.stream().anyMatch(p -> p.approximatePercentiles.contains(name));
            if (inexact) {
                approximate.add(name);
            }
        }
        return new ProbeResult(
                SCHEMA,
                first.variable,
                value,
                n,
                start,
                window,
                counts,
                perSecond(completions.succeeded(), window),
                perSecond(completions.outputTokens(), window),
                perSecond(completions.inputTokens(), window),
                outTok,
                inTok,
                estimated,
                dists.get("latency"),
                dists.get("ttft"),
                dists.get("tpot"),
                dists.get("itl"),
                mergeClient(parts, mode, window),
                hist,
                digits,
                List.of(),
                approximate,
                completions,
                lengths,
                cache,
                ErrorSampler.merge(parts.stream().map(ProbeResult::errorSamples).toList()),
                ServerMetrics.merge(parts.stream().map(ProbeResult::server).toList(), mode),
                GoodputCount.merge(parts.stream().map(ProbeResult::goodput).toList()));
    }

    static double perSecond(long count, double window) {
        return window > 0 ? count / window : 0.0;
    }

    private static Distribution mergeDistribution(List<ProbeResult> parts, String name, Map<String, String> out) {
        long count = 0;
        double sum = 0;
        double max = Double.NaN;
        double min = Double.NaN;
        boolean minKnown = true;
        Histogram merged = HistogramCodec.newMicrosHistogram();
        boolean complete = true;
        List<Distribution> each = new ArrayList<>();
        for (ProbeResult p : parts) {
            Distribution d = p.distribution(name);
            each.add(d);
            if (d.count() == 0) {
                continue;
            }
            count += d.count();
            sum += d.avg() * d.count();
            max = Double.isNaN(max) ? d.max() : Math.max(max, d.max());
            minKnown &= !Double.isNaN(d.min());
            min = Double.isNaN(min) ? d.min() : Math.min(min, d.min());
            String enc = p.histograms.get(name);
            if (enc == null) {
                complete = false;
            } else {
                merged.add(HistogramCodec.decode(enc));
            }
        }
        if (count == 0) {
            return Distribution.EMPTY;
        }
        if (!minKnown) {
            min = Double.NaN;
        }
        if (!complete) {
            return new Distribution(
                    count, sum / count, worst(each, "p50"), worst(each, "p90"), worst(each, "p99"), max, min);
        }
        out.put(name, HistogramCodec.encode(merged));
        return HistogramCodec.fromHistogram(merged, count, sum / count, min, max);
    }

    private static double worst(List<Distribution> each, String stat) {
        return each.stream()
                .filter(d -> d.count() > 0)
                .mapToDouble(d -> d.stat(stat))
                .max()
                .orElse(Double.NaN);
    }

    private static ClientStats mergeClient(List<ProbeResult> parts, MergeMode mode, double window) {
        double target = 0;
        double lag = 0;
        long inFlight = 0;
        boolean saturated = false;
        List<String> reasons = new ArrayList<>();
        long sends = 0;
        long opened = 0;
        long reconnects = 0;
        for (ProbeResult p : parts) {
            ClientStats c = p.client;
            if (c == null) {
                continue;
            }
            target = mode == MergeMode.CONCURRENT ? target + c.targetRate() : c.targetRate();
            lag = Math.max(lag, c.scheduleLagP99());
            inFlight = mode == MergeMode.CONCURRENT ? inFlight + c.maxInFlight() : Math.max(inFlight, c.maxInFlight());
            saturated |= c.saturated();
            if (c.reason() != null && !reasons.contains(c.reason())) {
                reasons.add(c.reason());
            }
            sends += p.requests.total();
            opened += c.connectionsOpened();
            reconnects += c.reconnects();
        }
        return new ClientStats(
                target,
                perSecond(sends, window),
                lag,
                inFlight,
                saturated,
                reasons.isEmpty() ? null : String.join("; ", reasons),
                opened,
                reconnects);
    }
}
