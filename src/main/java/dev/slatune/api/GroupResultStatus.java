package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The answer for one rule group: a row of the results table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GroupResultStatus {

    @JsonPropertyDescription("The rule group, e.g. p99_latency <= 2s or tps -> max.")
    private String criteria;

    @JsonPropertyDescription("parallel or rate.")
    private String variable;

    @JsonPropertyDescription("The highest value that satisfied the group (for max/min rules: the best value); "
            + "absent when none did.")
    private Double maxSatisfied;

    @JsonPropertyDescription("What the search came to, for programs (the note says it in words): satisfied, "
            + "reached_upper_bound, uncertain (a confident pass below a point whose verdict stayed uncertain), "
            + "not_satisfied, client_limited (the load generator was the bottleneck), best (max/min rules) or "
            + "probe_cap.")
    private String outcome;

    @JsonPropertyDescription("Satisfied, Failed at lower bound (10), Best tps: 8057.1 and the like.")
    private String note;

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    @JsonPropertyDescription("The highest value measured that passed.")
    private Double lastPass;

    @JsonPropertyDescription("The lowest value measured above lastPass that failed; the answer lies in between.")
    private Double firstFail;

    @JsonPropertyDescription("The rule that failed at firstFail: what limits the capacity.")
    private String bindingRule;

    @JsonPropertyDescription("Absent when the values the answer rests on have confident verdicts; otherwise what "
            + "is uncertain, e.g. boundary uncertain between 64 and 75 (1210 samples).")
    private String uncertainty;

    @JsonPropertyDescription("The requests measured at the values the answer rests on.")
    private Long samples;

    public String getUncertainty() {
        return uncertainty;
    }

    public void setUncertainty(String uncertainty) {
        this.uncertainty = uncertainty;
    }

    public Long getSamples() {
        return samples;
    }

    public void setSamples(Long samples) {
        this.samples = samples;
    }

    public String getCriteria() {
        return criteria;
    }

    public void setCriteria(String criteria) {
        this.criteria = criteria;
    }

    public String getVariable() {
        return variable;
    }

    public void setVariable(String variable) {
        this.variable = variable;
    }

    public Double getMaxSatisfied() {
        return maxSatisfied;
    }

    public void setMaxSatisfied(Double maxSatisfied) {
        this.maxSatisfied = maxSatisfied;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }

    public Double getLastPass() {
        return lastPass;
    }

    public void setLastPass(Double lastPass) {
        this.lastPass = lastPass;
    }

    public Double getFirstFail() {
        return firstFail;
    }

    public void setFirstFail(Double firstFail) {
        this.firstFail = firstFail;
    }

    public String getBindingRule() {
        return bindingRule;
    }

    public void setBindingRule(String bindingRule) {
        this.bindingRule = bindingRule;
    }
}
