package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.slatune.plan.ProbeDefaults;
import io.fabric8.generator.annotation.Min;

/** How one run at one pressure value is measured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProbeSpec {

    @Min(1)
    @JsonPropertyDescription("Measured requests per run (EvalScope's --number), split between the pods. Mutually "
            + "exclusive with durationSeconds. Default when neither is set: " + ProbeDefaults.NUMBER_MULTIPLIER
            + " x the value (at least 1), as "
            + "EvalScope and slatune tune.")
    private Integer requests;

    @Min(1)
    @JsonPropertyDescription("Measure for this many seconds instead of a request count.")
    private Integer durationSeconds;

    @Min(0)
    @JsonPropertyDescription("Requests each load pod sends before measuring, left out of every metric: every pod "
            + "is a cold JVM with fresh connections. Default " + ProbeDefaults.WARMUP_REQUESTS + ".")
    private Integer warmupRequests;

    @Min(0)
    @JsonPropertyDescription("Seconds to wait after a run before the next one starts, so the target drains. "
            + "Default " + ProbeDefaults.COOLDOWN_SECONDS + ".")
    private Integer cooldownSeconds;

    @Min(1)
    @JsonPropertyDescription("Pods that share one run's load at the same time (one Job each); the load is split "
            + "between them and their results merged exactly. Default 1.")
    private Integer parallelism;

    @Min(1)
    @JsonPropertyDescription("The deadline of each load Job (activeDeadlineSeconds). Default 1800.")
    private Integer timeoutSeconds;

    @Min(0)
    @JsonPropertyDescription("How often a failed load Job (crash, OOM, eviction, deadline) is retried before the "
            + "run ends in Error. Bad configuration (exit code 2) and an unreachable target (exit code 3) are "
            + "never retried. Default: the operator's slatune.operator.retries (2).")
    private Integer retries;

    public Integer getRequests() {
        return requests;
    }

    public void setRequests(Integer requests) {
        this.requests = requests;
    }

    public Integer getDurationSeconds() {
        return durationSeconds;
    }

    public void setDurationSeconds(Integer durationSeconds) {
        this.durationSeconds = durationSeconds;
    }

    public Integer getWarmupRequests() {
        return warmupRequests;
    }

    public void setWarmupRequests(Integer warmupRequests) {
        this.warmupRequests = warmupRequests;
    }

    public Integer getCooldownSeconds() {
        return cooldownSeconds;
    }

    public void setCooldownSeconds(Integer cooldownSeconds) {
        this.cooldownSeconds = cooldownSeconds;
    }

    public Integer getParallelism() {
        return parallelism;
    }

    public void setParallelism(Integer parallelism) {
        this.parallelism = parallelism;
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public Integer getRetries() {
        return retries;
    }

    public void setRetries(Integer retries) {
        this.retries = retries;
    }
}
