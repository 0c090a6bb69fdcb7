package dev.slatune.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the first few distinct failure messages of each {@link ErrorKind}, with how often each
 * occurred: enough for a person to see what went wrong, bounded whatever the failure rate. Messages
 * that differ only in numbers ("request (1066 tokens) exceeds ...", "request (1070 tokens) ...")
 * are one sample. It is fed on the failure path only; success costs nothing. Not thread-safe: the
 * {@link ProbeRecorder} that owns it synchronises.
 */
public final class ErrorSampler {

    /** Distinct messages kept per failure kind; later new shapes only count in {@link #OTHER}. */
    public static final int PER_KIND = 3;
    /** Characters kept of one message. */
    public static final int MAX_MESSAGE = 200;
    /** The message of failures whose own message was not kept (a fourth shape of a kind). */
    public static final String OTHER = "(other messages)";

    private final Map<String, Map<String, ErrorSample>> byKind = new LinkedHashMap<>();

    /** Counts one failure of {@code kind}; {@code message} may be null (then the kind's name stands in). */
    public void add(ErrorKind kind, String message) {
        add(kind.key(), message == null || message.isBlank() ? kind.key() : message, 1);
    }

    private void add(String kind, String message, long count) {
        Map<String, ErrorSample> samples = byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>());
        String text = truncate(message.strip(), MAX_MESSAGE);
        // Numbers are collapsed before cutting, so that a longer number does not shift the cut.
        String shape = truncate(shape(message.strip()), MAX_MESSAGE);
        ErrorSample s = samples.get(shape);
        if (s == null && samples.size() >= PER_KIND && !OTHER.equals(text)) {
            text = OTHER;
            shape = OTHER;
            s = samples.get(shape);
        }
        samples.put(shape, s == null ? new ErrorSample(kind, text, count) : s.plus(count));
    }

    /** The samples so far, kinds in the order first seen, messages in the order first seen. */
    public List<ErrorSample> samples() {
        List<ErrorSample> out = new ArrayList<>();
        byKind.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    /** Pools the samples of several results, keeping the same bounds. */
    public static List<ErrorSample> merge(List<List<ErrorSample>> parts) {
        ErrorSampler s = new ErrorSampler();
        for (List<ErrorSample> part : parts) {
            if (part != null) {
                part.forEach(e -> s.add(e.kind(), e.message(), e.count()));
            }
        }
        return s.samples();
    }

    /**
     * At most {@code total} samples, messages at most {@code chars} long, the most frequent first
     * kept: what fits a termination message.
     */
    public static List<ErrorSample> compact(List<ErrorSample> samples, int total, int chars) {
        if (samples == null || samples.isEmpty()) {
            return samples;
        }
        List<ErrorSample> sorted = new ArrayList<>(samples);
        sorted.sort((a, b) -> Long.compare(b.count(), a.count()));
        List<ErrorSample> out = new ArrayList<>();
        for (ErrorSample e : sorted.subList(0, Math.min(total, sorted.size()))) {
            out.add(e.truncated(chars));
        }
        return out;
    }

    /** The message with every run of digits replaced by '#'. */
    static String shape(String message) {
        return message.replaceAll("[0-9]+", "#");
    }

    static String truncate(String s, int chars) {
        if (s.length() <= chars) {
            return s;
        }
        return s.substring(0, Math.max(0, chars - 3)) + "...";
    }
}
