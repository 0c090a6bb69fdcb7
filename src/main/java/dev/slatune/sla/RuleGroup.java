package dev.slatune.sla;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Conditions that must all hold at once (AND); each group gets its own search and its own result row. */
public record RuleGroup(List<Condition> conditions) {

    public RuleGroup {
        conditions = List.copyOf(conditions);
        if (conditions.isEmpty()) {
            throw new RuleException("a rule group needs at least one condition");
        }
    }

    /** The conditions joined with {@code " AND "}, e.g. {@code p99_latency <= 2s AND tps >= 100}. */
    public String criteria() {
        return conditions.stream().map(Condition::toString).collect(Collectors.joining(" AND "));
    }

    /** The one max/min condition of the group, if it has one. */
    public Optional<Condition> objective() {
        return conditions.stream().filter(Condition::optimises).findFirst();
    }

    /** The key of the SLO set of the group's goodput rule ({@code ttft<=0.2,tpot<=0.05}), or null without one. */
    public String goodputSlos() {
        return conditions.stream()
                .map(Condition::slosKey)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /** The threshold conditions (everything but max/min). */
    public List<Condition> constraints() {
        return conditions.stream().filter(c -> !c.optimises()).toList();
    }
}
