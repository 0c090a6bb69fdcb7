package dev.slatune.sla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses SLA rules: EvalScope's {@code --sla-params} form ({@code [{"p99_latency": "<=2s"}, {"tps": "max"}]})
 * as decoded JSON values, or a CRD's {@code spec.rules}. The JSON text itself is read at the edge
 * (the command line), so this package needs no JSON library. Every mistake becomes a
 * {@link RuleException} before any load is sent.
 */
public final class SlaRules {

    /** A valid example, quoted in error messages. */
    public static final String EXAMPLE = "[{\"p99_latency\": \"<=2s\", \"p99_ttft\": \"<50ms\"}, {\"tps\": \"max\"}]";

    /** A valid goodput group, quoted in error messages. */
    public static final String GOODPUT_EXAMPLE =
            "{\"goodput\": \">=95%\", \"ttft\": \"<=200ms\", \"tpot\": \"<=50ms\"}";

    private SlaRules() {}

    /**
     * Reads the JSON form once it is decoded (by the command line's JSON reader): {@code null}, a list
     * of groups, or a single object taken as one group (as EvalScope does), each group mapping metric
     * names to condition strings; lists are {@link List}s, objects {@link Map}s and numbers
     * {@link Number}s. A number without an operator is rejected with a hint.
     */
    public static List<RuleGroup> fromDecoded(Object root) {
        return fromDecoded(root, BareTime.SECONDS, new ArrayList<>());
    }

    /**
     * As {@link #fromDecoded(Object)}, reading thresholds without a unit on time metrics by {@code reading},
     * and adding to {@code notes} one line per such threshold saying how it was read (rules with units get none).
     */
    public static List<RuleGroup> fromDecoded(Object root, BareTime reading, List<String> notes) {
        if (root == null || root instanceof String s && s.isBlank()) {
            throw new RuleException("no SLA rules given; expected a JSON list of groups, e.g. " + EXAMPLE);
        }
        List<?> items;
        if (root instanceof List<?> l) {
            items = l;
        } else if (root instanceof Map<?, ?>) {
            items = List.of(root);
        } else {
            throw new RuleException("--sla-params must be a JSON list of groups (or one group), not " + describe(root)
                    + "; e.g. " + EXAMPLE);
        }
        List<Map<String, String>> groups = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> m)) {
                throw new RuleException("group " + (i + 1) + " must be a JSON object of metric: condition, not "
                        + describe(items.get(i)) + "; e.g. " + EXAMPLE);
            }
            Map<String, String> g = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object v = e.getValue();
                if (v instanceof String || v instanceof Number) {
                    g.put((String) e.getKey(), v.toString());
                } else {
                    throw new RuleException("group " + (i + 1) + ", " + e.getKey() + ": the condition must be a string"
                            + " such as \"<=2s\" or \"max\", not " + describe(v));
                }
            }
            groups.add(g);
        }
        return fromGroups(groups, reading, notes);
    }

    /** Parses the decoded form: one map of metric name to condition text per group. */
    public static List<RuleGroup> fromGroups(List<Map<String, String>> groups) {
        return fromGroups(groups, BareTime.SECONDS, new ArrayList<>());
    }

    private static List<RuleGroup> fromGroups(List<Map<String, String>> groups, BareTime reading, List<String> notes) {
        if (groups == null || groups.isEmpty()) {
            throw new RuleException("the list of rule groups is empty; give at least one, e.g. " + EXAMPLE);
        }
        List<RuleGroup> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Map<String, String> g = groups.get(i);
            String where = "group " + (i + 1);
            if (g == null || g.isEmpty()) {
                throw new RuleException(where + " is empty; give at least one metric: condition, e.g. "
                        + "{\"p99_latency\": \"<=2s\"}");
            }
            List<Condition> conditions = conditions(where, g, reading, notes);
            long objectives = conditions.stream().filter(Condition::optimises).count();
            if (objectives > 1) {
                throw new RuleException(where + " (" + new RuleGroup(conditions).criteria() + ") has " + objectives
                        + " max/min conditions; a group optimises at most one metric (put the others in their own"
                        + " groups)");
            }
            out.add(new RuleGroup(conditions));
        }
        return List.copyOf(out);
    }

    /**
     * The conditions of one group. A group with a {@code goodput} key is a goodput group: its keys named
     * like a distribution ({@code latency}, {@code ttft}, {@code tpot}, {@code itl}) are per-request SLOs
     * that the goodput share counts against, and its other keys are ordinary conditions on the whole point.
     */
    private static List<Condition> conditions(
            String where, Map<String, String> g, BareTime reading, List<String> notes) {
        String goodputKey = null;
        for (String k : g.keySet()) {
            if (k != null && k.strip().equalsIgnoreCase(Metric.GOODPUT.name())) {
                goodputKey = k;
            }
        }
        List<Condition> conditions = new ArrayList<>();
        List<PerRequestSlo> slos = new ArrayList<>();
        int goodputAt = -1;
        for (Map.Entry<String, String> e : g.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey().strip();
            String name = key.toLowerCase(java.util.Locale.ROOT);
            if (e.getKey() != null && e.getKey().equals(goodputKey)) {
                goodputAt = conditions.size();
            } else if (PerRequestSlo.NAMES.contains(name)) {
                if (goodputKey == null) {
                    throw new RuleException(where + ", " + key + ": \"" + key + "\" is a per-request SLO, which"
                            + " counts only in a goodput group: add \"goodput\": \">=95%\" to the group to require"
                            + " that share of requests to meet it (e.g. " + GOODPUT_EXAMPLE + "), or bound a statistic"
                            + " such as p99_" + name + " or avg_" + name);
                }
                slos.add(ConditionParser.parseSlo(where, name, e.getValue(), reading, notes));
            } else if (goodputKey != null
                    && Metric.byName(key).or(() -> Metric.byName(name)).isEmpty()) {
                throw ConditionParser.unknownInGoodputGroup(where, key);
            } else {
                conditions.add(ConditionParser.parse(where, e.getKey(), e.getValue(), reading, notes));
            }
        }
        if (goodputKey != null) {
            if (slos.isEmpty()) {
                throw new RuleException(where + ": \"goodput\": \"" + g.get(goodputKey) + "\" needs at least one"
                        + " per-request SLO in the same group to count requests against ("
                        + String.join(", ", PerRequestSlo.NAMES) + "), e.g. " + GOODPUT_EXAMPLE);
            }
            conditions.add(goodputAt, ConditionParser.parseGoodput(where, g.get(goodputKey), slos));
        }
        return conditions;
    }

    /**
     * The distinct per-request SLO sets of the goodput rules in {@code groups}, by key ({@code ttft<=0.2,tpot<=0.05}):
     * what the load engine must count ({@code load --goodput}), in the order of the groups.
     */
    public static List<String> goodputSets(List<RuleGroup> groups) {
        List<String> out = new ArrayList<>();
        for (RuleGroup g : groups) {
            for (Condition c : g.conditions()) {
                if (c.slosKey() != null && !out.contains(c.slosKey())) {
                    out.add(c.slosKey());
                }
            }
        }
        return List.copyOf(out);
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof String s) {
            return "the string \"" + s + "\"";
        }
        return v.toString();
    }
}
