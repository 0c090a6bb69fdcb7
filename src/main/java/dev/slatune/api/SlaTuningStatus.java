package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of a tuning run: the probe history is everything the operator needs to resume, so a
 * restarted operator computes the same next step from here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SlaTuningStatus {

    @JsonPropertyDescription(
            "The metadata.generation this status describes; older probes are discarded when the " + "spec changes.")
    private Long observedGeneration;

    @JsonPropertyDescription("The generation whose spec the probe history measures; part of the Job names. "
            + "Changing only spec.suspend keeps it.")
    private Long runGeneration;

    @JsonPropertyDescription("A digest of the spec (without spec.suspend) the history measures: a change starts over.")
    private String specDigest;

    @JsonPropertyDescription("Pending, Running, Suspended, Succeeded, Failed (below spec.expect.minSatisfied) or Error "
            + "(invalid spec, unreachable target, probes that kept failing).")
    private Phase phase;

    @JsonPropertyDescription("Ready (the answer is final and the run succeeded), Progressing (probes are running) "
            + "and SlaSatisfied (every rule group is satisfied at some value, and at least "
            + "spec.expect.minSatisfied).")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The measured values in the order first measured, with their runs, metrics and verdicts.")
    private List<ProbeStatus> probes = new ArrayList<>();

    @JsonPropertyDescription("The answer, one row per rule group (the table EvalScope prints).")
    private List<GroupResultStatus> results = new ArrayList<>();

    @JsonPropertyDescription("The max satisfied value of each rule group, comma separated (none where no value "
            + "passed); what kubectl get shows.")
    private String result;

    @JsonPropertyDescription("When the operator started this generation's run (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the run ended (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription(
            "How prompt lengths are counted: exact with spec.workload.tokenizer, else approximate " + "(and why).")
    private String promptLengths;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Long getRunGeneration() {
        return runGeneration;
    }

    public void setRunGeneration(Long runGeneration) {
        this.runGeneration = runGeneration;
    }

    public String getSpecDigest() {
        return specDigest;
    }

    public void setSpecDigest(String specDigest) {
        this.specDigest = specDigest;
    }

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public List<ProbeStatus> getProbes() {
        return probes;
    }

    public void setProbes(List<ProbeStatus> probes) {
        this.probes = probes == null ? new ArrayList<>() : probes;
    }

    public List<GroupResultStatus> getResults() {
        return results;
    }

    public void setResults(List<GroupResultStatus> results) {
        this.results = results == null ? new ArrayList<>() : results;
    }

    public String getResult() {
        return result;
    }

    public void setResult(String result) {
        this.result = result;
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

    public String getPromptLengths() {
        return promptLengths;
    }

    public void setPromptLengths(String promptLengths) {
        this.promptLengths = promptLengths;
    }
}
