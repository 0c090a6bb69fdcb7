package dev.slatune.sla;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One per-request SLO of a goodput group: an upper bound that each request is checked against on its
 * own, e.g. {@code ttft <= 200ms}. Unlike {@code p99_ttft}, which bounds a statistic of all requests,
 * the goodput of a group is the share of requests that met all of its SLOs at once.
 *
 * <p>What each name bounds, per request (the load engine counts, see {@code metrics.GoodputSlo}):
 * {@code latency} end to end and {@code ttft} to the first token, both from the scheduled send;
 * {@code tpot} (latency - TTFT) / (output tokens - 1); {@code itl} the largest gap between two tokens
 * of the reply (so it is stricter than {@code tpot}, which is their average).
 *
 * @param name one of {@link #NAMES}
 * @param op {@code <=} or {@code <}
 * @param seconds the bound
 */
public record PerRequestSlo(String name, Operator op, double seconds) {

    /** The names a goodput group may bound. */
    public static final List<String> NAMES = List.of("latency", "ttft", "tpot", "itl");

    public PerRequestSlo {
        if (!NAMES.contains(name)) {
            throw new RuleException("unknown per-request SLO '" + name + "'; valid: " + String.join(", ", NAMES));
        }
        if (op != Operator.LE && op != Operator.LT) {
            throw new RuleException("a per-request SLO is an upper bound (<= or <), not '" + op.symbol() + "'");
        }
    }

    /** The form {@code load --goodput} takes: {@code ttft<=0.2} (seconds). */
    public String key() {
        return name + op.symbol() + Unit.plain(seconds);
    }

    /**
     * The key of a set, bounds in {@link #NAMES} order so that one set always has one key: the text given to
     * {@code load --goodput} and the name its counts come back under.
     */
    public static String key(List<PerRequestSlo> set) {
        return set.stream()
                .sorted(java.util.Comparator.comparingInt(s -> NAMES.indexOf(s.name())))
                .map(PerRequestSlo::key)
                .collect(Collectors.joining(","));
    }

    /** As people write it: {@code ttft <= 200ms}. */
    @Override
    public String toString() {
        return name + " " + op.symbol() + " " + Unit.SECONDS.format(seconds);
    }

    /** A set as people write it: {@code ttft <= 200ms, tpot <= 50ms}. */
    public static String describe(List<PerRequestSlo> set) {
        return set.stream().map(PerRequestSlo::toString).collect(Collectors.joining(", "));
    }
}
