package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the search picks the next pressure point. */
public enum SearchStrategy {
    /** slatune's search: pooled runs, a bracket narrowed to the tolerance. */
    @JsonProperty("default")
    DEFAULT,
    /** EvalScope's SLA auto-tune, step for step (averaged runs, doubling then bisection). */
    @JsonProperty("evalscope")
    EVALSCOPE;

    /** The name used in YAML and flags. */
    public String key() {
        return this == DEFAULT ? "default" : "evalscope";
    }
}
