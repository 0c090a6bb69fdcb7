package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.slatune.plan.ProbeDefaults;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** What to tune and against which SLA; the fields follow EvalScope's {@code --sla-*} options. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SlaTuningSpec {

    /** The most runs per value the CRD accepts. */
    public static final int MAX_NUM_RUNS = 10;
    /** The most distinct values the CRD accepts. */
    public static final int MAX_PROBES = 64;

    @Required
    @JsonPropertyDescription("The endpoint under test.")
    private TargetSpec target;

    @JsonPropertyDescription("The requests sent: prompts, output length, streaming.")
    private WorkloadSpec workload;

    @Required
    @JsonPropertyDescription("The pressure the search varies: parallel (concurrency) or rate (requests per second).")
    private TuningVariable variable;

    @Min(value = 0, inclusive = false)
    @JsonPropertyDescription("The first value measured (EvalScope's --parallel or --rate); clamped into "
            + "[lowerBound, upperBound]. Default " + ProbeDefaults.START
            + ". Whole numbers for parallel and for the evalscope strategy.")
    private Double start;

    @Min(value = 0, inclusive = false)
    @JsonPropertyDescription("The lowest value the search may try (--sla-lower-bound). Default "
            + ProbeDefaults.LOWER_BOUND + ". " + "Must not exceed upperBound.")
    private Double lowerBound;

    @Min(value = 0, inclusive = false)
    @JsonPropertyDescription("The highest value the search may try (--sla-upper-bound). Default "
            + ProbeDefaults.UPPER_BOUND + ". As slatune "
            + "tune, not EvalScope's 65536; "
            + "the operator's guard rails may set a lower ceiling.")
    private Double upperBound;

    @Min(1)
    @Max(MAX_NUM_RUNS)
    @JsonPropertyDescription("Runs per measured value (--sla-num-runs): always this many with the evalscope strategy, "
            + "at most this many with the default one (it repeats only values close to a threshold). Default "
            + ProbeDefaults.NUM_RUNS + ". At most 10; with maxProbes it must keep the status within its budget "
            + "(docs/operator-status.md).")
    private Integer numRuns;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("The SLA, in the form of EvalScope's --sla-params: a list of rule groups, each a map "
            + "of metric to condition, e.g. [{\"p99_latency\": \"<=2s\"}, {\"tps\": \"max\"}]. Each group is "
            + "tuned and reported on its own. Metrics: avg_latency, p99_latency, avg_ttft, p99_ttft, avg_tpot, "
            + "p99_tpot (conditions <=, <, min; a bare number means seconds, or use ms/s suffixes), rps, tps "
            + "(conditions >=, >, max). A goodput group requires a share of requests to meet per-request "
            + "SLOs, each request on its own: {\"goodput\": \">=95%\", \"ttft\": \"<=200ms\", \"tpot\": "
            + "\"<=50ms\"} (per-request SLOs: latency, ttft, tpot, itl, the largest gap between tokens).")
    private List<Map<String, String>> rules;

    @JsonPropertyDescription("The search strategy: default (slatune's) or evalscope (EvalScope's, step for step). "
            + "Default " + ProbeDefaults.STRATEGY + ".")
    private SearchStrategy strategy;

    @Min(value = 0, inclusive = false)
    @Max(value = 1, inclusive = false)
    @JsonPropertyDescription("How close the default strategy gets to the boundary: the final bracket between the last "
            + "passing and the first failing value is at most this fraction of the value (0.05: within 5%). "
            + "Between 0 and 1. Default " + ProbeDefaults.TOLERANCE + ".")
    private Double tolerance;

    @Min(1)
    @Max(MAX_PROBES)
    @JsonPropertyDescription("The most distinct values the search may measure before it reports what it has, "
            + "so no configuration runs away. Default " + ProbeDefaults.MAX_PROBES + ". At most 64; with numRuns it "
            + "must keep the status within its budget (docs/operator-status.md).")
    private Integer maxProbes;

    @Min(0)
    @Max(value = 1, inclusive = false)
    @JsonPropertyDescription("The share of failed requests (0 up to, not including, 1) a value may show and still "
            + "pass. Default " + ProbeDefaults.MAX_ERROR_RATE + ". As EvalScope, any failed request fails the value.")
    private Double maxErrorRate;

    @JsonPropertyDescription(
            "How sure verdicts must be: confidence level, min samples, sample budget (see " + "docs/statistics.md).")
    private StatisticsSpec statistics;

    @JsonPropertyDescription(
            "How each value is measured: request count or duration, warm-up, pods per probe, " + "deadline, retries.")
    private ProbeSpec probe;

    @JsonPropertyDescription("The pods that generate the load: image, resources, scheduling, service account.")
    private WorkerSpec worker;

    @JsonPropertyDescription("A capacity gate for GitOps: the run ends Failed when the found value is below it.")
    private ExpectSpec expect;

    @JsonPropertyDescription("Any string; change it to run an unchanged spec again.")
    private String runId;

    @JsonPropertyDescription("true stops a running tuning at once: its load Jobs are deleted and the history is "
            + "kept; false (or unset) continues where it stopped. The run in flight when suspended is measured "
            + "again, never recorded half-done.")
    private Boolean suspend;

    public TargetSpec getTarget() {
        return target;
    }

    public void setTarget(TargetSpec target) {
        this.target = target;
    }

    public WorkloadSpec getWorkload() {
        return workload;
    }

    public void setWorkload(WorkloadSpec workload) {
        this.workload = workload;
    }

    public TuningVariable getVariable() {
        return variable;
    }

    public void setVariable(TuningVariable variable) {
        this.variable = variable;
    }

    public Double getStart() {
        return start;
    }

    public void setStart(Double start) {
        this.start = start;
    }

    public Double getLowerBound() {
        return lowerBound;
    }

    public void setLowerBound(Double lowerBound) {
        this.lowerBound = lowerBound;
    }

    public Double getUpperBound() {
        return upperBound;
    }

    public void setUpperBound(Double upperBound) {
        this.upperBound = upperBound;
    }

    public Integer getNumRuns() {
        return numRuns;
    }

    public void setNumRuns(Integer numRuns) {
        this.numRuns = numRuns;
    }

    public List<Map<String, String>> getRules() {
        return rules;
    }

    public void setRules(List<Map<String, String>> rules) {
        this.rules = rules;
    }

    public SearchStrategy getStrategy() {
        return strategy;
    }

    public void setStrategy(SearchStrategy strategy) {
        this.strategy = strategy;
    }

    public Double getTolerance() {
        return tolerance;
    }

    public void setTolerance(Double tolerance) {
        this.tolerance = tolerance;
    }

    public Integer getMaxProbes() {
        return maxProbes;
    }

    public void setMaxProbes(Integer maxProbes) {
        this.maxProbes = maxProbes;
    }

    public Double getMaxErrorRate() {
        return maxErrorRate;
    }

    public StatisticsSpec getStatistics() {
        return statistics;
    }

    public void setStatistics(StatisticsSpec statistics) {
        this.statistics = statistics;
    }

    public void setMaxErrorRate(Double maxErrorRate) {
        this.maxErrorRate = maxErrorRate;
    }

    public ProbeSpec getProbe() {
        return probe;
    }

    public void setProbe(ProbeSpec probe) {
        this.probe = probe;
    }

    public WorkerSpec getWorker() {
        return worker;
    }

    public void setWorker(WorkerSpec worker) {
        this.worker = worker;
    }

    public ExpectSpec getExpect() {
        return expect;
    }

    public void setExpect(ExpectSpec expect) {
        this.expect = expect;
    }

    public String getRunId() {
        return runId;
    }

    public void setRunId(String runId) {
        this.runId = runId;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }
}
