package dev.slatune.search;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How to search: slatune's {@code default}, or {@code evalscope} to reproduce EvalScope's probes and rows exactly. */
public enum Strategy {
    DEFAULT("default"),
    EVALSCOPE("evalscope");

    private final String key;

    Strategy(String key) {
        this.key = key;
    }

    /** {@code default} or {@code evalscope}. */
    public String key() {
        return key;
    }

    /** Parses {@link #key()}, case-insensitively; the message lists the valid keys. */
    public static Strategy ofKey(String key) {
        for (Strategy s : values()) {
            if (s.key.equalsIgnoreCase(key == null ? "" : key.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown search strategy '" + key + "'; valid: "
                + Arrays.stream(values()).map(Strategy::key).collect(Collectors.joining(", ")));
    }
}
