package dev.slatune.sla;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns one {@code metric: "condition"} pair into a {@link Condition}, or explains what is wrong with it. */
final class ConditionParser {

    private static final Pattern NUMBER =
            Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*(\\S*)");
    private static final String OPERATORS = "<=, <, >=, >, ≤, ≥, max, min";

    private ConditionParser() {}

    static Condition parse(String where, String metricName, String text) {
        return parse(where, metricName, text, BareTime.SECONDS, new java.util.ArrayList<>());
    }

    /** As {@link #parse(String, String, String)}, reading bare times by {@code reading}; notes each one in {@code notes}. */
    static Condition parse(String where, String metricName, String text, BareTime reading, List<String> notes) {
        return parse(where, metricName, text, reading, notes, List.of());
    }

    /**
     * The goodput share of a goodput group, {@code "goodput": ">=95%"}, over the group's per-request SLOs.
     *
     * @param slos the group's SLOs, at least one (the caller has said so if there are none)
     */
    static Condition parseGoodput(String where, String text, List<PerRequestSlo> slos) {
        return parse(where, Metric.GOODPUT.name(), text, BareTime.SECONDS, new ArrayList<>(), slos);
    }

    private static Condition parse(
            String where,
            String metricName,
            String text,
            BareTime reading,
            List<String> notes,
            List<PerRequestSlo> slos) {
        Metric metric = metric(where, metricName == null ? "" : metricName.strip());
        String prefix = where + ", " + metric.name() + ": ";
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new RuleException(prefix + "the condition is empty; write an operator and a number, e.g. \""
                    + example(metric) + "\", or max/min");
        }
        String spelling = Operator.SPELLINGS.stream()
                .filter(s -> t.toLowerCase(Locale.ROOT).startsWith(s))
                .findFirst()
                .orElse(null);
        if (spelling == null) {
            String hint = NUMBER.matcher(t).matches() ? " (the number has no operator: write \"<=" + t + "\"?)" : "";
            throw new RuleException(prefix + "\"" + t + "\" does not start with a valid operator" + hint
                    + "; valid operators: " + OPERATORS);
        }
        Operator op = Operator.ofSpelling(spelling);
        String rest = t.substring(spelling.length()).strip();
        if (!metric.operators().contains(op)) {
            throw new RuleException(prefix + "'" + op.symbol() + "' does not fit " + metric.name() + " ("
                    + metric.label() + ", " + (metric.higherIsBetter() ? "higher" : "lower")
                    + " is better); valid for " + metric.name() + ": " + symbols(metric.operators()));
        }
        if (op.optimises()) {
            if (!rest.isEmpty()) {
                throw new RuleException(prefix + "\"" + t + "\": '" + op.symbol() + "' takes no number");
            }
            return new Condition(metric, op, null, slos);
        }
        if (rest.isEmpty()) {
            throw new RuleException(prefix + "\"" + t + "\": missing number after '" + spelling + "', e.g. \""
                    + example(metric) + "\"");
        }
        return new Condition(metric, op, threshold(prefix + "\"" + t + "\": ", metric, rest, op, reading, notes), slos);
    }

    /**
     * Parses one per-request SLO of a goodput group, {@code "ttft": "<=200ms"}: an upper bound in time.
     *
     * @param name already known to be one of {@link PerRequestSlo#NAMES}
     */
    static PerRequestSlo parseSlo(String where, String name, String text, BareTime reading, List<String> notes) {
        String prefix = where + ", " + name + " (per-request SLO): ";
        String t = text == null ? "" : text.strip();
        String example = "\"<=200ms\"";
        if (t.isEmpty()) {
            throw new RuleException(prefix + "the bound is empty; write an upper bound, e.g. " + example);
        }
        String spelling = Operator.SPELLINGS.stream()
                .filter(s -> t.toLowerCase(Locale.ROOT).startsWith(s))
                .findFirst()
                .orElse(null);
        Operator op = spelling == null ? null : Operator.ofSpelling(spelling);
        if (op != Operator.LE && op != Operator.LT) {
            String hint = NUMBER.matcher(t).matches() ? " (the number has no operator: write \"<=" + t + "\"?)" : "";
            throw new RuleException(prefix + "\"" + t + "\": each request must finish within a bound, so write <= or <"
                    + hint + ", e.g. " + example + "; the share of requests that must meet it is the group's goodput");
        }
        String rest = t.substring(spelling.length()).strip();
        if (rest.isEmpty()) {
            throw new RuleException(prefix + "\"" + t + "\": missing number after '" + spelling + "', e.g. " + example);
        }
        Matcher m = NUMBER.matcher(rest);
        if (!m.matches()) {
            throw new RuleException(prefix + "\"" + t + "\": \"" + rest
                    + "\" is not a time; write e.g. \"<=2s\", \"<50ms\" or \"<=2\" (seconds)");
        }
        double v = Double.parseDouble(m.group(1));
        double seconds = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "" -> {
                double sec = v * reading.toSeconds(name);
                notes.add(reading.note(name, op.symbol(), m.group(1), sec));
                yield sec;
            }
            case "s" -> v;
            case "ms" -> v / 1000;
            default ->
                throw new RuleException(prefix + "\"" + t + "\": unknown time unit '" + m.group(2)
                        + "'; valid: ms, s (a bare number means seconds)");
        };
        if (!Double.isFinite(seconds) || !(seconds > 0)) {
            throw new RuleException(prefix + "\"" + t + "\": the bound must be a time > 0");
        }
        return new PerRequestSlo(name, op, seconds);
    }

    /** The error for a name in a goodput group that is neither a per-request SLO nor a metric. */
    static RuleException unknownInGoodputGroup(String where, String name) {
        return new RuleException(where + ": unknown per-request SLO \"" + name + "\"" + suggest(name)
                + "; a goodput group bounds each request's " + String.join(", ", PerRequestSlo.NAMES)
                + " (e.g. " + SlaRules.GOODPUT_EXAMPLE + "), and may add conditions on any metric: "
                + String.join(", ", Metric.names()));
    }

    private static double threshold(
            String prefix, Metric metric, String rest, Operator op, BareTime reading, List<String> notes) {
        Matcher m = NUMBER.matcher(rest);
        if (!m.matches()) {
            throw new RuleException(prefix + "\"" + rest + "\" is not a number" + unitsHint(metric));
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        double base = switch (metric.unit()) {
            case SECONDS ->
                switch (unit.toLowerCase(Locale.ROOT)) {
                    case "" -> {
                        double seconds = v * reading.toSeconds(metric);
                        notes.add(reading.note(metric, op.symbol(), m.group(1), seconds));
                        yield seconds;
                    }
                    case "s" -> v;
                    case "ms" -> v / 1000;
                    default ->
                        throw new RuleException(prefix + "unknown time unit '" + unit + "'; valid: ms, s"
                                + " (a bare number means seconds)");
                };
            case FRACTION ->
                switch (unit) {
                    case "" -> v;
                    case "%" -> v / 100;
                    default ->
                        throw new RuleException(prefix + "unknown unit '" + unit + "'; " + metric.name()
                                + " is a fraction (0.99) or a percentage (99%)");
                };
            default -> {
                if (!unit.isEmpty()) {
                    throw new RuleException(prefix + "unexpected unit '" + unit + "'; " + metric.name() + " is in "
                            + metric.unit().symbol() + ", write a bare number, e.g. \"" + example(metric) + "\"");
                }
                yield v;
            }
        };
        if (!Double.isFinite(base) || base < 0) {
            throw new RuleException(prefix + "the threshold must be a number >= 0");
        }
        if (metric.unit() == Unit.FRACTION && base > 1) {
            throw new RuleException(prefix + metric.name() + " cannot exceed 1 (100%)"
                    + (metric == Metric.GOODPUT ? ": it is a share of requests, between 0 and 100%" : ""));
        }
        return base;
    }

    private static String unitsHint(Metric metric) {
        return switch (metric.unit()) {
            case SECONDS -> "; write e.g. \"<=2s\", \"<50ms\" or \"<=2\" (seconds)";
            case FRACTION -> "; write e.g. \">=0.99\" or \">=99%\"";
            default -> "; write e.g. \"" + example(metric) + "\"";
        };
    }

    private static String example(Metric metric) {
        return switch (metric.unit()) {
            case SECONDS -> "<=2s";
            case FRACTION -> ">=99%";
            default -> ">=10";
        };
    }

    private static String symbols(List<Operator> ops) {
        return ops.stream().map(Operator::symbol).collect(Collectors.joining(", "));
    }

    private static Metric metric(String where, String name) {
        return Metric.byName(name)
                .or(() -> Metric.byName(name.toLowerCase(Locale.ROOT)))
                .orElseThrow(() -> new RuleException(where + ": unknown metric \"" + name + "\"" + suggest(name)
                        + "; valid metrics: " + String.join(", ", Metric.names())));
    }

    /** Near names: a small edit distance, the same words in another order, or a name containing the text. */
    static String suggest(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        String[] words = n.split("_");
        String reversed = words.length == 2 ? words[1] + "_" + words[0] : null;
        List<String> near = new ArrayList<>();
        List<String> candidates = new ArrayList<>(Metric.names());
        candidates.addAll(PerRequestSlo.NAMES);
        for (String candidate : candidates) {
            if (candidate.equals(reversed)
                    || EditDistance.between(n, candidate) <= 2
                    || (n.length() >= 3 && candidate.contains(n))) {
                near.add(candidate);
            }
        }
        near.sort(Comparator.comparingInt(c -> EditDistance.between(n, c)));
        if (near.isEmpty()) {
            return "";
        }
        return "; did you mean " + near.stream().limit(4).collect(Collectors.joining(" or ")) + "?";
    }
}
