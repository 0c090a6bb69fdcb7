package dev.slatune.metrics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@link ServerQuantity} values out of a Prometheus text exposition (format 0.0.4, which
 * OpenMetrics output also parses as). Samples of one metric with different labels (several models,
 * tensor-parallel ranks, engines) are combined: counts add up, fractions take the largest.
 */
public final class PrometheusText {

    private PrometheusText() {}

    /**
     * One scrape's values.
     *
     * @param values the quantities found
     * @param family the server family of the names found (vllm, sglang, tgi, llamacpp), or null
     */
    public record Scrape(Map<ServerQuantity, Double> values, String family) {
        public Scrape {
            values = Map.copyOf(values);
        }

        /** Whether any quantity was found: the endpoint speaks a known server's metrics. */
        public boolean known() {
            return !values.isEmpty();
        }
    }

    /** Parses {@code text}; lines it does not understand are skipped. */
    public static Scrape parse(String text) {
        Map<String, Double> byName = new HashMap<>();
        Map<String, Boolean> fraction = new HashMap<>();
        for (ServerQuantity q : ServerQuantity.values()) {
            for (String n : q.names()) {
                fraction.put(n, q == ServerQuantity.KV_CACHE || q == ServerQuantity.PREFIX_CACHE_HIT_RATE);
            }
        }
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            Boolean isFraction = fraction.get(name);
            if (isFraction == null) {
                continue;
            }
            int valueStart = nameEnd;
            if (valueStart < line.length() && line.charAt(valueStart) == '{') {
                int close = labelsEnd(line, valueStart);
                if (close < 0) {
                    continue;
                }
                valueStart = close + 1;
            }
            String[] rest = line.substring(valueStart).strip().split("\\s+");
            double v;
            try {
                v = Double.parseDouble(rest[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (!Double.isFinite(v)) {
                continue;
            }
            byName.merge(name, v, isFraction ? Math::max : Double::sum);
        }
        Map<ServerQuantity, Double> values = new EnumMap<>(ServerQuantity.class);
        String family = null;
        for (ServerQuantity q : ServerQuantity.values()) {
            for (String n : q.names()) {
                Double v = byName.get(n);
                if (v != null) {
                    values.put(q, v);
                    if (family == null) {
                        family = ServerQuantity.family(n);
                    }
                    break;
                }
            }
        }
        return new Scrape(values, family);
    }

    /** The index of the '}' closing the label set opened at {@code open}, quotes respected; -1 if none. */
    private static int labelsEnd(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
