package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How sure verdicts must be, and how many requests the default search may spend to make them so. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StatisticsSpec {

    @Min(0.5)
    @Max(value = 1, inclusive = false)
    @JsonPropertyDescription("Confidence level of every verdict's interval: pass or fail only when the interval lies "
            + "wholly on one side of the threshold, else uncertain. Default 0.95.")
    private Double confidence;

    @Min(1)
    @JsonPropertyDescription("Fewest requests a verdict rests on (a quantile q needs at least 2/(1-q)). Default 200.")
    private Integer minSamples;

    @Min(1)
    @JsonPropertyDescription("Most requests the default strategy pools at one value the answer rests on while its "
            + "verdict is uncertain; past it the answer is the highest confident pass. Default 1000.")
    private Integer sampleBudget;

    public Double getConfidence() {
        return confidence;
    }

    public void setConfidence(Double confidence) {
        this.confidence = confidence;
    }

    public Integer getMinSamples() {
        return minSamples;
    }

    public void setMinSamples(Integer minSamples) {
        this.minSamples = minSamples;
    }

    public Integer getSampleBudget() {
        return sampleBudget;
    }

    public void setSampleBudget(Integer sampleBudget) {
        this.sampleBudget = sampleBudget;
    }
}
