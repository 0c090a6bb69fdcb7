package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the prompts come from. */
public enum Dataset {
    /** Random token prompts of the configured lengths, as EvalScope's {@code random} dataset. */
    @JsonProperty("random")
    RANDOM;

    /** The name used in YAML and flags. */
    public String key() {
        return "random";
    }
}
