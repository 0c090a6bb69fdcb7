package dev.slatune.sla;

import java.util.List;
import java.util.Objects;

/**
 * One rule on one metric, e.g. {@code p99_latency <= 2s} or {@code tps max}, or a goodput rule:
 * {@code goodput >= 95%} of requests meeting per-request SLOs.
 *
 * @param threshold in the metric's base unit (seconds, req/s, tok/s, fraction); null for max/min
 * @param slos the per-request SLOs a {@link Metric#GOODPUT} condition counts against; empty for any other
 */
public record Condition(Metric metric, Operator op, Double threshold, List<PerRequestSlo> slos) {

    public Condition {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(op, "op");
        slos = slos == null ? List.of() : List.copyOf(slos);
        if (op.optimises() != (threshold == null)) {
            throw new RuleException(
                    op.optimises()
                            ? "'" + op.symbol() + "' takes no threshold"
                            : "'" + op.symbol() + "' needs a threshold");
        }
        if ((metric == Metric.GOODPUT) == slos.isEmpty()) {
            throw new RuleException(
                    metric == Metric.GOODPUT
                            ? "a goodput rule needs at least one per-request SLO, e.g. " + SlaRules.GOODPUT_EXAMPLE
                            : "per-request SLOs belong to a goodput rule only, not to " + metric.name());
        }
    }

    /** A condition on a metric that is not goodput. */
    public Condition(Metric metric, Operator op, Double threshold) {
        this(metric, op, threshold, List.of());
    }

    /** Whether the measured value satisfies this condition; max/min always hold; NaN never does. */
    public boolean passes(double measured) {
        return op.test(measured, threshold == null ? Double.NaN : threshold);
    }

    /** Signed room to the threshold in base units (positive passes), 0 for max/min. */
    public double margin(double measured) {
        return threshold == null ? 0 : op.margin(measured, threshold);
    }

    /** True for {@code max}/{@code min}. */
    public boolean optimises() {
        return op.optimises();
    }

    /** The key of the SLO set of a goodput condition ({@code ttft<=0.2,tpot<=0.05}), null for any other. */
    public String slosKey() {
        return slos.isEmpty() ? null : PerRequestSlo.key(slos);
    }

    /** Reads this condition's metric from {@code m}: goodput of its own SLO set, anything else as the metric reads. */
    public double read(Measurements m) {
        return metric == Metric.GOODPUT ? m.goodput(slosKey()) : metric.read(m);
    }

    /**
     * The rule as people write it: {@code p99_latency <= 2s}, {@code p99_ttft < 50ms}, {@code tps -> max},
     * {@code goodput >= 95% (ttft <= 200ms, tpot <= 50ms)}.
     */
    @Override
    public String toString() {
        if (threshold == null) {
            return metric.name() + " -> " + op.symbol();
        }
        String text = metric.name() + " " + op.symbol() + " " + metric.unit().format(threshold);
        return slos.isEmpty() ? text : text + " (" + PerRequestSlo.describe(slos) + ")";
    }
}
