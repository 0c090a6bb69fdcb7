package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Whether one rule group passed at one value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GroupVerdictStatus {

    @JsonPropertyDescription("The rule group, as written in the results table, e.g. p99_latency <= 2s.")
    private String criteria;

    @JsonPropertyDescription("True when every condition of the group held.")
    private Boolean pass;

    @JsonPropertyDescription("Why it failed (the first condition that did not hold, or the success rate), if it did.")
    private String reason;

    @JsonPropertyDescription("How sure the verdict is: pass or fail when the confidence interval of every deciding "
            + "condition lies on one side of its threshold, uncertain otherwise (see docs/statistics.md).")
    private String verdict;

    @JsonPropertyDescription("The requests the verdict rests on (all runs at this value pooled).")
    private Long samples;

    public GroupVerdictStatus() {}

    public GroupVerdictStatus(String criteria, Boolean pass, String reason) {
        this.criteria = criteria;
        this.pass = pass;
        this.reason = reason;
    }

    public String getCriteria() {
        return criteria;
    }

    public void setCriteria(String criteria) {
        this.criteria = criteria;
    }

    public Boolean getPass() {
        return pass;
    }

    public void setPass(Boolean pass) {
        this.pass = pass;
    }

    public String getReason() {
        return reason;
    }

    public String getVerdict() {
        return verdict;
    }

    public void setVerdict(String verdict) {
        this.verdict = verdict;
    }

    public Long getSamples() {
        return samples;
    }

    public void setSamples(Long samples) {
        this.samples = samples;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
