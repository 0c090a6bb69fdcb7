package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The pressure the search varies. */
public enum TuningVariable {
    /** Concurrency: requests kept in flight at once (closed loop). */
    @JsonProperty("parallel")
    PARALLEL,
    /** Request rate: arrivals per second (open loop). */
    @JsonProperty("rate")
    RATE;

    /** The name used in YAML, flags and tables. */
    public String key() {
        return this == PARALLEL ? "parallel" : "rate";
    }
}
