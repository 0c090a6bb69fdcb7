package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** What the answer must be for the run to succeed: a capacity gate for GitOps and CI. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExpectSpec {

    @Min(0)
    @JsonPropertyDescription("The lowest acceptable max satisfied value, for every rule group. Below it (or when a "
            + "group is satisfied at no value) the run ends Failed and SlaSatisfied is False.")
    private Double minSatisfied;

    public Double getMinSatisfied() {
        return minSatisfied;
    }

    public void setMinSatisfied(Double minSatisfied) {
        this.minSatisfied = minSatisfied;
    }
}
