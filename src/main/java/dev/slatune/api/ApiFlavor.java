package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The HTTP API the target speaks. */
public enum ApiFlavor {
    /** OpenAI chat completions ({@code /v1/chat/completions}). */
    @JsonProperty("openai")
    OPENAI,
    /** OpenAI legacy completions ({@code /v1/completions}). */
    @JsonProperty("openai-completions")
    OPENAI_COMPLETIONS;

    /** The name used in YAML and flags. */
    public String key() {
        return this == OPENAI ? "openai" : "openai-completions";
    }
}
