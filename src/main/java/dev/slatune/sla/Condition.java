package dev.slatune.sla;

import java.util.Objects;

/**
 * One rule on one metric, e.g. {@code p99_latency <= 2s} or {@code tps max}.
 *
 * @param threshold in the metric's base unit (seconds, req/s, tok/s, fraction); null for max/min
 */
public record Condition(Metric metric, Operator op, Double threshold) {

    public Condition {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(op, "op");
        if (op.optimises() != (threshold == null)) {
            throw new RuleException(
                    op.optimises()
                            ? "'" + op.symbol() + "' takes no threshold"
                            : "'" + op.symbol() + "' needs a threshold");
        }
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

    /** The rule as people write it: {@code p99_latency <= 2s}, {@code p99_ttft < 50ms}, {@code tps -> max}. */
    @Override
    public String toString() {
        if (threshold == null) {
            return metric.name() + " -> " + op.symbol();
        }
        return metric.name() + " " + op.symbol() + " " + metric.unit().format(threshold);
    }
}
