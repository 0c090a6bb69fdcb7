package dev.slatune.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Why a {@code slatune load} run did not produce a {@link ProbeResult}: what a failed load pod writes
 * to its termination message (part of the Job contract), so the operator reads a structured reason
 * instead of scraping the pod's log. The exit code says the same thing to anyone without the file.
 *
 * @param schema always {@link #SCHEMA}
 * @param kind what went wrong
 * @param message what went wrong, in words (what to fix, when it is the configuration)
 */
public record LoadFailure(String schema, Kind kind, String message) {

    public static final String SCHEMA = "slatune.dev/load-failure/v1";

    /** The kinds of failure and their exit codes. */
    public enum Kind {
        /** A bad flag or configuration: running again cannot help. */
        BAD_CONFIGURATION(2),
        /** The target did not answer. */
        UNREACHABLE(3),
        /** Cancelled (SIGTERM: drain, eviction, preemption) before the measurement was complete. */
        INTERRUPTED(4);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The process exit code of this kind. */
        public int exitCode() {
            return exitCode;
        }

        /** The kind of an exit code, or null for 0, 1 and codes load never uses. */
        public static Kind ofExitCode(int code) {
            for (Kind k : values()) {
                if (k.exitCode == code) {
                    return k;
                }
            }
            return null;
        }
    }

    /** A failure of {@code kind}. */
    public static LoadFailure of(Kind kind, String message) {
        return new LoadFailure(SCHEMA, kind, message);
    }

    /** The JSON form, cut to fit a termination message. */
    public String toJson() {
        String m = message == null ? "" : message;
        LoadFailure fit = new LoadFailure(SCHEMA, kind, m.length() > 2000 ? m.substring(0, 2000) + "..." : m);
        try {
            return ProbeResultCodec.mapper().writeValueAsString(fit);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a termination message; null when it is not a load failure (e.g. the tail of a log). */
    public static LoadFailure parse(String text) {
        if (text == null || !text.strip().startsWith("{") || !text.contains(SCHEMA)) {
            return null;
        }
        try {
            LoadFailure f = ProbeResultCodec.mapper().readValue(text.strip(), LoadFailure.class);
            return f != null && SCHEMA.equals(f.schema()) && f.kind() != null ? f : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
