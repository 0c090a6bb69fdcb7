package dev.slatune.search;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The pressure being searched: concurrency (closed loop, whole numbers) or arrival rate (open loop, req/s). */
public enum Variable {
    PARALLEL("parallel"),
    RATE("rate");

    private final String key;

    Variable(String key) {
        this.key = key;
    }

    /** {@code parallel} or {@code rate}, as on the command line and in the CRD. */
    public String key() {
        return key;
    }

    /** Parses {@link #key()}, case-insensitively; the message lists the valid keys. */
    public static Variable ofKey(String key) {
        for (Variable v : values()) {
            if (v.key.equalsIgnoreCase(key == null ? "" : key.strip())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown SLA variable '" + key + "'; valid: "
                + Arrays.stream(values()).map(Variable::key).collect(Collectors.joining(", ")));
    }
}
