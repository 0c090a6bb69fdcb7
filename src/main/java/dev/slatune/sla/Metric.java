package dev.slatune.sla;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one registry of metric names a rule may use, with their unit, a human label, the operators that
 * make sense for them, and how to read them from a {@link Measurements}. Instances are singletons, so
 * identity equality is value equality.
 *
 * <p>What the names measure (docs/metrics.md has the full definitions): latency and TTFT run from a
 * request's scheduled send; the measured requests are those sent inside the steady-state window, which
 * opens after the closed-loop ramp and a warm-up that has completed, at full pressure, and closes after
 * the duration or count; every one of them is awaited. {@code rps} and {@code tps} count the successful
 * completions inside the window over its length, so the drain after it is excluded. Percentiles come
 * from merged 3-significant-digit histograms, clamped to the observed min..max. A success is a reply
 * that finished ({@code [DONE]} or a finish reason other than abort/error).
 */
public final class Metric {

    private static final Map<String, Metric> REGISTRY = new LinkedHashMap<>();

    public static final Metric AVG_LATENCY = time("avg", "latency", "average end-to-end latency");
    public static final Metric P50_LATENCY = time("p50", "latency", "median end-to-end latency");
    public static final Metric P90_LATENCY = time("p90", "latency", "90th percentile end-to-end latency");
    public static final Metric P99_LATENCY = time("p99", "latency", "99th percentile end-to-end latency");
    public static final Metric AVG_TTFT = time("avg", "ttft", "average time to first token");
    public static final Metric P50_TTFT = time("p50", "ttft", "median time to first token");
    public static final Metric P90_TTFT = time("p90", "ttft", "90th percentile time to first token");
    public static final Metric P99_TTFT = time("p99", "ttft", "99th percentile time to first token");
    public static final Metric AVG_TPOT = time("avg", "tpot", "average time per output token");
    public static final Metric P50_TPOT = time("p50", "tpot", "median time per output token");
    public static final Metric P90_TPOT = time("p90", "tpot", "90th percentile time per output token");
    public static final Metric P99_TPOT = time("p99", "tpot", "99th percentile time per output token");
    public static final Metric AVG_ITL = time("avg", "itl", "average inter-token latency");
    public static final Metric P99_ITL = time("p99", "itl", "99th percentile inter-token latency");
    public static final Metric RPS =
            register(new Metric("rps", Unit.REQUESTS_PER_SECOND, "successful requests per second", "rps", null));
    public static final Metric TPS =
            register(new Metric("tps", Unit.TOKENS_PER_SECOND, "output tokens per second", "tps", null));
    public static final Metric SUCCESS_RATE = register(
            new Metric("success_rate", Unit.FRACTION, "share of requests that succeeded", "success_rate", null));
    /**
     * The share of measured requests that succeeded and met every per-request SLO of the group (a goodput
     * group: {@code {"goodput": ">=95%", "ttft": "<=200ms"}}); counted request by request, see {@link PerRequestSlo}.
     */
    public static final Metric GOODPUT = register(new Metric(
            "goodput",
            Unit.FRACTION,
            "share of requests that met every per-request SLO of the group",
            "goodput",
            null));

    /**
     * The implicit rule of every group: failed requests over all requests, at most {@code maxErrorRate} (0
     * unless allowed, so any failure fails, as in EvalScope). Not a name a rule may use, so not in the registry.
     */
    public static final Metric ERROR_RATE =
            new Metric("error_rate", Unit.FRACTION, "share of requests that failed", "error_rate", null);

    private final String name;
    private final Unit unit;
    private final String label;
    private final String source;
    private final String statistic;

    private Metric(String name, Unit unit, String label, String source, String statistic) {
        this.name = name;
        this.unit = unit;
        this.label = label;
        this.source = source;
        this.statistic = statistic;
    }

    private static Metric time(String stat, String dist, String label) {
        return register(new Metric(stat + "_" + dist, Unit.SECONDS, label, dist, stat));
    }

    private static Metric register(Metric m) {
        REGISTRY.put(m.name, m);
        return m;
    }

    /** Every metric, in the registry's order. */
    public static List<Metric> all() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.values()));
    }

    /** Every metric name, in the registry's order. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The metric of that exact name, if any. */
    public static Optional<Metric> byName(String name) {
        return Optional.ofNullable(REGISTRY.get(name));
    }

    /** The name used in rules and tables, e.g. {@code p99_latency}. */
    public String name() {
        return name;
    }

    /** The unit of its values. */
    public Unit unit() {
        return unit;
    }

    /** What it means, for people. */
    public String label() {
        return label;
    }

    /** True for rps, tps and success rate; false for the time metrics and the error rate, where lower is better. */
    public boolean higherIsBetter() {
        return unit != Unit.SECONDS && this != ERROR_RATE;
    }

    /** The operators that make sense for this metric: bounds from the right side, and the right optimum. */
    public List<Operator> operators() {
        if (this == SUCCESS_RATE || this == GOODPUT) {
            return List.of(Operator.GE, Operator.GT);
        }
        if (this == ERROR_RATE) {
            return List.of(Operator.LE);
        }
        return higherIsBetter()
                ? List.of(Operator.GE, Operator.GT, Operator.MAX)
                : List.of(Operator.LE, Operator.LT, Operator.MIN);
    }

    /** The distribution a time metric reads ({@code latency}, {@code ttft}, ...), or null for rps, tps, success rate. */
    public String distribution() {
        return statistic == null ? null : source;
    }

    /** The statistic of {@link #distribution()}: {@code avg}, {@code p50}, {@code p90}, {@code p99}; null otherwise. */
    public String statistic() {
        return statistic;
    }

    /** The quantile a percentile metric reads (0.99 for {@code p99_*}), NaN for anything else. */
    public double quantile() {
        if (statistic == null || !statistic.startsWith("p")) {
            return Double.NaN;
        }
        return Double.parseDouble(statistic.substring(1)) / Math.pow(10, statistic.length() - 1);
    }

    /**
     * Reads this metric from {@code m}, in base units (seconds, per second, fraction). Goodput depends on the
     * group's SLOs, so it is read through {@link Condition#read}; here it is NaN.
     */
    public double read(Measurements m) {
        return switch (source) {
            case "goodput" -> Double.NaN;
            case "rps" -> m.rps();
            case "tps" -> m.tps();
            case "success_rate" -> m.successRate();
            case "error_rate" -> 1 - m.successRate();
            default -> m.statistic(source, statistic);
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
