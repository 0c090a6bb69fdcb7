package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.ArrayList;
import java.util.List;

/** One run at one value: its Jobs (one per pod share), attempts, and result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunStatus {

    @JsonPropertyDescription("The run number at this value, from 0.")
    private Integer run;

    @JsonPropertyDescription("The attempt, from 0; part of the Job names. A retried failure, an interrupted pod "
            + "and a suspension each start the next attempt.")
    private Integer attempt;

    @JsonPropertyDescription("Failed attempts so far, counted against spec.probe.retries.")
    private Integer failures;

    @JsonPropertyDescription("Attempts whose pod was interrupted (drained, evicted, preempted) or suspended; "
            + "retried without counting against spec.probe.retries, up to a fixed bound.")
    private Integer interruptions;

    @JsonPropertyDescription("Pending (recorded, Jobs being created), Running, Succeeded, ClientLimited (measured, "
            + "but the load generator was the bottleneck: kept as evidence, not pooled, measured again with more "
            + "pods), Failed or Aborted (a Job vanished before its result was read).")
    private RunState state;

    @JsonPropertyDescription("The load pods this run is split across: spec.probe.parallelism, or more after a "
            + "client-limited run at this value (at most spec.worker.maxPods). Fewer Jobs when a concurrency is "
            + "too small to split that far.")
    private Integer pods;

    @JsonPropertyDescription("The names of the current attempt's Jobs, one per pod share.")
    private List<String> jobs = new ArrayList<>();

    @JsonPropertyDescription("When the current attempt's Jobs were created (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the run finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("Why the last attempt failed (a CamelCase reason), if it did.")
    private String reason;

    @JsonPropertyDescription("What went wrong, in words, if anything did.")
    private String message;

    @JsonPropertyDescription("The metrics of this run (pod shares merged).")
    private MetricsSummary metrics;

    @PreserveUnknownFields
    @JsonPropertyDescription("The summary of this run the search replays: a ProbeResult (schema "
            + "slatune.dev/probe-result/v1) without histograms, numbers to six significant digits; the histograms "
            + "of all runs are pooled in the probe's 'pooled'.")
    private JsonNode summary;

    public Integer getRun() {
        return run;
    }

    public void setRun(Integer run) {
        this.run = run;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public Integer getFailures() {
        return failures;
    }

    public void setFailures(Integer failures) {
        this.failures = failures;
    }

    public Integer getInterruptions() {
        return interruptions;
    }

    public void setInterruptions(Integer interruptions) {
        this.interruptions = interruptions;
    }

    public Integer getPods() {
        return pods;
    }

    public void setPods(Integer pods) {
        this.pods = pods;
    }

    public RunState getState() {
        return state;
    }

    public void setState(RunState state) {
        this.state = state;
    }

    public List<String> getJobs() {
        return jobs;
    }

    public void setJobs(List<String> jobs) {
        this.jobs = jobs == null ? new ArrayList<>() : jobs;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public MetricsSummary getMetrics() {
        return metrics;
    }

    public void setMetrics(MetricsSummary metrics) {
        this.metrics = metrics;
    }

    public JsonNode getSummary() {
        return summary;
    }

    public void setSummary(JsonNode summary) {
        this.summary = summary;
    }
}
