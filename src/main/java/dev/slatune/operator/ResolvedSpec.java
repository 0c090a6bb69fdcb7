package dev.slatune.operator;

import dev.slatune.api.ApiFlavor;
import dev.slatune.api.Dataset;
import dev.slatune.api.ExpectSpec;
import dev.slatune.api.ProbeSpec;
import dev.slatune.api.SearchStrategy;
import dev.slatune.api.SecretKeyReference;
import dev.slatune.api.SlaTuningSpec;
import dev.slatune.api.StatisticsSpec;
import dev.slatune.api.TuningVariable;
import dev.slatune.api.WorkerSpec;
import dev.slatune.api.WorkloadSpec;
import dev.slatune.plan.ProbeDefaults;
import dev.slatune.plan.ProbePlan;
import dev.slatune.search.TuningPlan;
import dev.slatune.search.Variable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link SlaTuningSpec} with every default applied, the defaults taken from {@link ProbeDefaults}
 * (the table {@code tune} and the CRD's descriptions share). Build it only from a spec that
 * {@link SpecValidator} accepted.
 */
public record ResolvedSpec(Target target, Workload workload, Tuning tuning, Runs runs, WorkerSpec worker) {

    /**
     * Where the load goes and how it authenticates.
     *
     * @param headerSecretRefs sorted, so the env var each header reads from is the same in every Job
     * @param maxWaitSeconds how long a run waits for the target to answer before it counts as unreachable
     */
    public record Target(
            String url,
            ApiFlavor api,
            String model,
            SecretKeyReference apiKeySecretRef,
            Map<String, String> headers,
            Map<String, SecretKeyReference> headerSecretRefs,
            int maxWaitSeconds) {}

    /** What each request asks for: prompts, reply length, streaming and the seed of the random prompts. */
    public record Workload(
            Dataset dataset,
            int minPromptLength,
            int maxPromptLength,
            int prefixLength,
            int maxTokens,
            boolean stream,
            String extraArgs,
            long seed) {}

    /**
     * What the search varies and how it judges: the variable and its bounds, runs per value, the rules, the
     * strategy and its statistics.
     *
     * @param minSatisfied the value the answer must reach for the tuning to succeed ({@code expect}); null for none
     */
    public record Tuning(
            TuningVariable variable,
            double start,
            double lowerBound,
            double upperBound,
            int numRuns,
            List<Map<String, String>> rules,
            SearchStrategy strategy,
            Double tolerance,
            Integer maxProbes,
            Double maxErrorRate,
            Double minSatisfied,
            StatisticsSpec statistics) {}

    /**
     * How each run is carried out: its length (requests or seconds), warm-up, the pause after it, how many pods
     * share it, and the Job's deadline and retries.
     *
     * @param maxPods the most pods a run may be split across after client-limited runs ({@link ClientLimits})
     */
    public record Runs(
            Integer requests,
            Integer durationSeconds,
            int warmupRequests,
            int cooldownSeconds,
            int parallelism,
            int timeoutSeconds,
            int retries,
            int maxPods) {}

    /** Applies the defaults; the operator's settings supply retries and the Job deadline. */
    public static ResolvedSpec of(SlaTuningSpec s, OperatorSettings settings) {
        WorkloadSpec w = Optional.ofNullable(s.getWorkload()).orElseGet(WorkloadSpec::new);
        ProbeSpec p = Optional.ofNullable(s.getProbe()).orElseGet(ProbeSpec::new);
        double lb = or(s.getLowerBound(), (double) ProbeDefaults.LOWER_BOUND);
        double ub = or(s.getUpperBound(), Math.max(lb, ProbeDefaults.UPPER_BOUND));
        int minPrompt = or(w.getMinPromptLength(), ProbeDefaults.PROMPT_LENGTH);
        Target target = new Target(
                s.getTarget().getUrl(),
                or(s.getTarget().getApi(), ApiFlavor.OPENAI),
                s.getTarget().getModel(),
                s.getTarget().getApiKeySecretRef(),
                Optional.ofNullable(s.getTarget().getHeaders()).orElse(Map.of()),
                new TreeMap<>(
                        Optional.ofNullable(s.getTarget().getHeaderSecretRefs()).orElse(Map.of())),
                or(s.getTarget().getMaxWaitSeconds(), settings.access().targetWaitSeconds()));
        Workload workload = new Workload(
                or(w.getDataset(), Dataset.RANDOM),
                minPrompt,
                or(w.getMaxPromptLength(), minPrompt),
                or(w.getPrefixLength(), ProbeDefaults.PREFIX_LENGTH),
                or(w.getMaxTokens(), ProbeDefaults.MAX_TOKENS),
                or(w.getStream(), ProbeDefaults.STREAM),
                w.getExtraArgs(),
                or(w.getSeed(), ProbeDefaults.SEED));
        Tuning tuning = new Tuning(
                s.getVariable(),
                // As EvalScope: a start below the lower bound starts at the lower bound (seed example 3).
                Math.min(ub, Math.max(lb, or(s.getStart(), (double) ProbeDefaults.START))),
                lb,
                ub,
                or(s.getNumRuns(), ProbeDefaults.NUM_RUNS),
                s.getRules(),
                or(s.getStrategy(), SearchStrategy.DEFAULT),
                s.getTolerance(),
                s.getMaxProbes(),
                s.getMaxErrorRate(),
                Optional.ofNullable(s.getExpect())
                        .map(ExpectSpec::getMinSatisfied)
                        .orElse(null),
                Optional.ofNullable(s.getStatistics()).orElseGet(StatisticsSpec::new));
        Runs runs = new Runs(
                p.getRequests(),
                p.getDurationSeconds(),
                or(p.getWarmupRequests(), ProbeDefaults.WARMUP_REQUESTS),
                or(p.getCooldownSeconds(), ProbeDefaults.COOLDOWN_SECONDS),
                or(p.getParallelism(), 1),
                or(p.getTimeoutSeconds(), settings.jobTimeoutSeconds()),
                or(p.getRetries(), settings.retries()),
                ClientLimits.maxPods(s, settings));
        return new ResolvedSpec(
                target,
                workload,
                tuning,
                runs,
                Optional.ofNullable(s.getWorker()).orElseGet(WorkerSpec::new));
    }

    /**
     * How each run is measured: requests, warm-up (every pod is a cold JVM with fresh connections, so
     * each warms up), the split between pods and each share's prompt ordinal.
     */
    public ProbePlan probePlan() {
        return new ProbePlan(
                Variable.ofKey(tuning.variable().key()),
                runs.durationSeconds() != null ? null : runs.requests(),
                ProbeDefaults.NUMBER_MULTIPLIER,
                runs.durationSeconds() == null ? null : Duration.ofSeconds(runs.durationSeconds()),
                runs.warmupRequests(),
                true,
                // Radixes of the prompt ordinals, with room for the pods, runs and attempts that
                // client-limited runs and interruptions add, so no two Jobs of a tuning draw the same prompts.
                runs.maxPods(),
                // Room for the runs the default search adds to settle a point, not only the runs per point.
                tuning.numRuns() * TuningPlan.MAX_RUNS_FACTOR
                        + ClientLimits.extraRuns(runs.parallelism(), runs.maxPods()),
                runs.retries() + 1 + Decider.MAX_INTERRUPTIONS,
                0);
    }

    /** Measured requests per run at {@code value}; null when runs are timed. */
    public Long requestsAt(double value) {
        return probePlan().requestsAt(value);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
