package dev.slatune.metrics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param windowSeconds first measured send to last measured completion (summed over sequential runs)
 * @param requests measured requests, warm-up excluded
 * @param rps successful requests per second of window
 * @param tps output tokens of successful requests per second of window
 * @param inputTps prompt tokens of successful requests per second of window
 * @param outputTokens output tokens of successful requests
 * @param inputTokens prompt tokens of successful requests
 * @param outputTokensEstimated successful requests whose output tokens were not reported by the server
 * @param latency end-to-end latency
 * @param ttft time to first token
 * @param tpot time per output token, requests with more than one output token only
 * @param itl inter-token latency
 * @param client how the load generator fared
 * @param histograms encoded histograms by metric name; a name is absent when dropped to fit the size limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeResult(String schema, String variable, double value, int parts, long startedAtEpochMs,
        double windowSeconds, RequestCounts requests, double rps, double tps, double inputTps, long outputTokens,
        long inputTokens, long outputTokensEstimated, Distribution latency, Distribution ttft, Distribution tpot,
        Distribution itl, ClientStats client, Map<String, String> histograms) {

    public static final String SCHEMA = "slatune.dev/probe-result/v1";

    /** The names of the distributions that carry histograms, in a fixed order. */
    public static final List<String> DISTRIBUTIONS = List.of("latency", "ttft", "tpot", "itl");

    public ProbeResult {
        histograms = histograms == null ? Map.of() : Map.copyOf(histograms);
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
        int n = first.parts;
        long start = first.startedAtEpochMs;
        double window = first.windowSeconds;
        double end = first.startedAtEpochMs / 1e3 + first.windowSeconds;
        for (ProbeResult p : parts.subList(1, parts.size())) {
            if (!p.variable.equals(first.variable) || p.value != first.value && mode == MergeMode.SEQUENTIAL) {
                throw new IllegalArgumentException("cannot merge " + p.variable + "=" + p.value + " into "
                        + first.variable + "=" + first.value);
            }
            counts = counts.plus(p.requests);
            outTok += p.outputTokens;
            inTok += p.inputTokens;
            estimated += p.outputTokensEstimated;
            n += p.parts;
            start = Math.min(start, p.startedAtEpochMs);
            window += p.windowSeconds;
            end = Math.max(end, p.startedAtEpochMs / 1e3 + p.windowSeconds);
        }
        if (mode == MergeMode.CONCURRENT) {
            window = Math.max(0, end - start / 1e3);
        }
        double value = mode == MergeMode.CONCURRENT
                ? parts.stream().mapToDouble(ProbeResult::value).sum() : first.value;
        Map<String, String> hist = new LinkedHashMap<>();
        Map<String, Distribution> dists = new LinkedHashMap<>();
        for (String name : DISTRIBUTIONS) {
            dists.put(name, mergeDistribution(parts, name, hist));
        }
        return new ProbeResult(SCHEMA, first.variable, value, n, start, window, counts,
                perSecond(counts.succeeded(), window), perSecond(outTok, window), perSecond(inTok, window),
                outTok, inTok, estimated, dists.get("latency"), dists.get("ttft"), dists.get("tpot"),
                dists.get("itl"), mergeClient(parts, mode, window), hist);
    }

    static double perSecond(long count, double window) {
        return window > 0 ? count / window : 0.0;
    }

    private static Distribution mergeDistribution(List<ProbeResult> parts, String name, Map<String, String> out) {
        long count = 0;
        double sum = 0;
        double max = Double.NaN;
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
        if (!complete) {
            return new Distribution(count, sum / count, worst(each, "p50"), worst(each, "p90"), worst(each, "p99"),
                    max);
        }
        out.put(name, HistogramCodec.encode(merged));
        return new Distribution(count, sum / count, merged.getValueAtPercentile(50) / 1e6,
                merged.getValueAtPercentile(90) / 1e6, merged.getValueAtPercentile(99) / 1e6, max);
    }

    private static double worst(List<Distribution> each, String stat) {
        return each.stream().filter(d -> d.count() > 0).mapToDouble(d -> d.stat(stat)).max().orElse(Double.NaN);
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
        return new ClientStats(target, perSecond(sends, window), lag, inFlight, saturated,
                reasons.isEmpty() ? null : String.join("; ", reasons), opened, reconnects);
    }
}
