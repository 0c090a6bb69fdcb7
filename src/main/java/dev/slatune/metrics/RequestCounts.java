package dev.slatune.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many measured requests were sent, succeeded and failed, with failures by kind.
 *
 * @param errors failures keyed by {@link ErrorKind#key()}
 */
public record RequestCounts(long total, long succeeded, long failed, Map<String, Long> errors) {

    public RequestCounts {
        errors = Map.copyOf(errors);
    }

    /** Sums two counts exactly. */
    public RequestCounts plus(RequestCounts o) {
        Map<String, Long> e = new TreeMap<>(errors);
        o.errors.forEach((k, v) -> e.merge(k, v, Long::sum));
        return new RequestCounts(total + o.total, succeeded + o.succeeded, failed + o.failed, e);
    }

    /** Succeeded over total, or NaN when nothing was sent. */
    public double successRate() {
        return total == 0 ? Double.NaN : (double) succeeded / total;
    }
}
