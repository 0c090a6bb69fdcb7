package dev.slatune.operator;

import dev.slatune.api.ApiFlavor;
import dev.slatune.api.Dataset;
import dev.slatune.api.ExpectSpec;
import dev.slatune.api.ProbeSpec;
import dev.slatune.api.SearchStrategy;
import dev.slatune.api.SecretKeyReference;
import dev.slatune.api.SlaTuningSpec;
import dev.slatune.api.TuningVariable;
import dev.slatune.api.WorkerSpec;
import dev.slatune.api.WorkloadSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link SlaTuningSpec} with every default applied: the one place where the defaults the CRD
 * documents are decided. Build it only from a spec that {@link SpecValidator} accepted.
 */
public record ResolvedSpec(String url, ApiFlavor api, String model, SecretKeyReference apiKeySecretRef,
        Map<String, String> headers, Dataset dataset, int minPromptLength, int maxPromptLength, int prefixLength,
        int maxTokens, boolean stream, String extraArgs, Long seed, TuningVariable variable, double start,
        double lowerBound, double upperBound, int numRuns, List<Map<String, String>> rules, SearchStrategy strategy,
        Double tolerance, Integer maxProbes, Double maxErrorRate, Integer requests, Integer durationSeconds,
        int warmupRequests, int cooldownSeconds, int parallelism, int timeoutSeconds, int retries, WorkerSpec worker,
        Double minSatisfied, Map<String, SecretKeyReference> headerSecretRefs, int maxWaitSeconds) {

    static final double DEFAULT_LOWER_BOUND = 1;
    static final double DEFAULT_UPPER_BOUND = 512;
    static final double DEFAULT_START = 1;
    static final int DEFAULT_NUM_RUNS = 3;
    static final int DEFAULT_PROMPT_LENGTH = 1024;
    static final int DEFAULT_MAX_TOKENS = 1024;
    /** Requests per run per unit of pressure (EvalScope's and {@code slatune tune}'s multiplier). */
    static final double REQUESTS_PER_UNIT = 2;
    /** Warm-up requests of each load pod: every pod is a cold JVM with fresh connections. */
    static final int DEFAULT_WARMUP = 4;

    /** Applies the defaults; the operator's settings supply retries and the Job deadline. */
    public static ResolvedSpec of(SlaTuningSpec s, OperatorSettings settings) {
        WorkloadSpec w = Optional.ofNullable(s.getWorkload()).orElseGet(WorkloadSpec::new);
        ProbeSpec p = Optional.ofNullable(s.getProbe()).orElseGet(ProbeSpec::new);
        double lb = or(s.getLowerBound(), DEFAULT_LOWER_BOUND);
        double ub = or(s.getUpperBound(), Math.max(lb, DEFAULT_UPPER_BOUND));
        int minPrompt = or(w.getMinPromptLength(), DEFAULT_PROMPT_LENGTH);
        return new ResolvedSpec(s.getTarget().getUrl(), or(s.getTarget().getApi(), ApiFlavor.OPENAI),
                s.getTarget().getModel(), s.getTarget().getApiKeySecretRef(),
                Optional.ofNullable(s.getTarget().getHeaders()).orElse(Map.of()),
                or(w.getDataset(), Dataset.RANDOM), minPrompt, or(w.getMaxPromptLength(), minPrompt),
                or(w.getPrefixLength(), 0), or(w.getMaxTokens(), DEFAULT_MAX_TOKENS), or(w.getStream(), true),
                w.getExtraArgs(), w.getSeed(), s.getVariable(),
                // As EvalScope: a start below the lower bound starts at the lower bound (seed example 3).
                Math.min(ub, Math.max(lb, or(s.getStart(), DEFAULT_START))), lb, ub,
                or(s.getNumRuns(), DEFAULT_NUM_RUNS), s.getRules(), or(s.getStrategy(), SearchStrategy.DEFAULT),
                s.getTolerance(), s.getMaxProbes(), s.getMaxErrorRate(), p.getRequests(), p.getDurationSeconds(),
                or(p.getWarmupRequests(), DEFAULT_WARMUP), or(p.getCooldownSeconds(), 0), or(p.getParallelism(), 1),
                or(p.getTimeoutSeconds(), settings.jobTimeoutSeconds()), or(p.getRetries(), settings.retries()),
                Optional.ofNullable(s.getWorker()).orElseGet(WorkerSpec::new),
                Optional.ofNullable(s.getExpect()).map(ExpectSpec::getMinSatisfied).orElse(null),
                // Sorted, so the env var each header reads from is the same in every Job.
                new TreeMap<>(Optional.ofNullable(s.getTarget().getHeaderSecretRefs()).orElse(Map.of())),
                or(s.getTarget().getMaxWaitSeconds(), settings.access().targetWaitSeconds()));
    }

    /**
     * Measured requests per run at {@code value} when the spec sets neither a count nor a duration:
     * the value times {@link #REQUESTS_PER_UNIT}, as EvalScope and {@code slatune tune} do.
     */
    public int requestsAt(double value) {
        if (requests != null) {
            return requests;
        }
        return (int) Math.max(1, Math.ceil(REQUESTS_PER_UNIT * value));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
