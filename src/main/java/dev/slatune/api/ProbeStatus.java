package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** One measured value: its runs, the metrics pooled over them, and the verdict of each rule group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProbeStatus {

    @JsonPropertyDescription("The position of this value in the history, from 0; part of its Job names.")
    private Integer index;

    @JsonPropertyDescription("The pressure measured: concurrency or requests per second.")
    private Double value;

    @JsonPropertyDescription("The runs at this value, in order.")
    private List<RunStatus> runs = new ArrayList<>();

    @JsonPropertyDescription("The metrics of the finished runs pooled (histograms merged, not percentiles averaged).")
    private MetricsSummary metrics;

    @JsonPropertyDescription("The finished runs pooled, merged run after run: the ProbeResult JSON with the "
            + "histograms of latency, ttft and tpot, so percentiles over all runs are exact. One per value, "
            + "whatever numRuns is, which bounds the status.")
    private String pooled;

    @JsonPropertyDescription("The verdict of each rule group on the finished runs.")
    private List<GroupVerdictStatus> verdicts = new ArrayList<>();

    @JsonPropertyDescription("True when the load generator, not the target, limited the pressure in a recorded "
            + "run at this value even at the most pods allowed (spec.worker.maxPods; the run's reason is "
            + "ClientLimited): the numbers measure the client as much as the target, so the value never counts as "
            + "a pass.")
    private Boolean clientLimited;

    @JsonPropertyDescription("The load pods the next run at this value uses: spec.probe.parallelism (or what a "
            + "lower value needed), doubled after each client-limited run, up to spec.worker.maxPods.")
    private Integer pods;

    public Integer getPods() {
        return pods;
    }

    public void setPods(Integer pods) {
        this.pods = pods;
    }

    public Boolean getClientLimited() {
        return clientLimited;
    }

    public void setClientLimited(Boolean clientLimited) {
        this.clientLimited = clientLimited;
    }

    public Integer getIndex() {
        return index;
    }

    public void setIndex(Integer index) {
        this.index = index;
    }

    public Double getValue() {
        return value;
    }

    public void setValue(Double value) {
        this.value = value;
    }

    public List<RunStatus> getRuns() {
        return runs;
    }

    public void setRuns(List<RunStatus> runs) {
        this.runs = runs == null ? new ArrayList<>() : runs;
    }

    public MetricsSummary getMetrics() {
        return metrics;
    }

    public void setMetrics(MetricsSummary metrics) {
        this.metrics = metrics;
    }

    public String getPooled() {
        return pooled;
    }

    public void setPooled(String pooled) {
        this.pooled = pooled;
    }

    public List<GroupVerdictStatus> getVerdicts() {
        return verdicts;
    }

    public void setVerdicts(List<GroupVerdictStatus> verdicts) {
        this.verdicts = verdicts == null ? new ArrayList<>() : verdicts;
    }
}
