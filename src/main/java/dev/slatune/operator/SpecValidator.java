package dev.slatune.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.api.ProbeSpec;
import dev.slatune.api.SlaTuningSpec;
import dev.slatune.api.TargetSpec;
import dev.slatune.api.TuningVariable;
import dev.slatune.api.WorkerSpec;
import dev.slatune.api.WorkloadSpec;
import dev.slatune.json.Json;
import dev.slatune.search.PlanException;
import dev.slatune.sla.Numbers;
import dev.slatune.sla.RuleException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a spec before any Job runs. Kubernetes 1.20 has no CEL, so the rules that span fields
 * (lower bound at most upper bound, rules that parse, the guard rails) live here; the simple ones
 * are repeated because not every API server (nor the test mock) enforces the schema.
 */
public final class SpecValidator {

    private static final ObjectMapper JSON = Json.plain();
    private static final String HEADER_NAME = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
    /** Variables through which a JVM takes options: the operator's alone. */
    private static final java.util.Set<String> JVM_ENV =
            java.util.Set.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final OperatorSettings settings;
    private final SearchPort search;

    public SpecValidator(OperatorSettings settings, SearchPort search) {
        this.settings = settings;
        this.search = search;
    }

    /** The first problem found, or empty when the spec can run. */
    public Optional<SpecProblem> validate(SlaTuningSpec spec) {
        try {
            check(spec);
            ResolvedSpec resolved = ResolvedSpec.of(spec, settings);
            try {
                search.checkPlan(resolved);
            } catch (PlanException e) {
                throw new Invalid(field(e.setting()), e.getMessage());
            } catch (RuleException e) {
                throw new Invalid("spec.rules", e.getMessage());
            }
            checkStatusBudget(resolved);
            return Optional.empty();
        } catch (Invalid e) {
            return Optional.of(new SpecProblem(e.field, e.getMessage(), e.reason));
        }
    }

    private void check(SlaTuningSpec spec) {
        require(spec != null, "spec", "is required");
        checkTarget(spec.getTarget());
        require(spec.getVariable() != null, "spec.variable", "is required: parallel or rate");
        positive(spec.getStart(), "spec.start");
        positive(spec.getLowerBound(), "spec.lowerBound");
        positive(spec.getUpperBound(), "spec.upperBound");
        if (spec.getLowerBound() != null && spec.getUpperBound() != null) {
            require(
                    spec.getLowerBound() <= spec.getUpperBound(),
                    "spec.upperBound",
                    "(" + Numbers.exact(spec.getUpperBound()) + ") must not be below spec.lowerBound ("
                            + Numbers.exact(spec.getLowerBound()) + ")");
        }
        ResolvedSpec bounds = ResolvedSpec.of(spec, settings);
        require(
                bounds.tuning().lowerBound() <= bounds.tuning().upperBound(),
                "spec.lowerBound",
                "(" + Numbers.exact(bounds.tuning().lowerBound()) + ") must not exceed the upper bound ("
                        + Numbers.exact(bounds.tuning().upperBound()) + ")");
        checkGuardRails(spec.getVariable(), bounds.tuning().upperBound());
        require(spec.getNumRuns() == null || spec.getNumRuns() >= 1, "spec.numRuns", "must be at least 1");
        require(
                spec.getNumRuns() == null || spec.getNumRuns() <= SlaTuningSpec.MAX_NUM_RUNS,
                "spec.numRuns",
                "must be at most " + SlaTuningSpec.MAX_NUM_RUNS);
        require(spec.getMaxProbes() == null || spec.getMaxProbes() >= 1, "spec.maxProbes", "must be at least 1");
        require(
                spec.getMaxProbes() == null || spec.getMaxProbes() <= SlaTuningSpec.MAX_PROBES,
                "spec.maxProbes",
                "must be at most " + SlaTuningSpec.MAX_PROBES);
        require(
                spec.getTolerance() == null || spec.getTolerance() > 0 && spec.getTolerance() < 1,
                "spec.tolerance",
                "must be a fraction between 0 and 1 (0.05 is 5%)");
        require(
                spec.getMaxErrorRate() == null || spec.getMaxErrorRate() >= 0 && spec.getMaxErrorRate() < 1,
                "spec.maxErrorRate",
                "must be a fraction in [0, 1)");
        checkRules(spec.getRules());
        checkWorkload(spec.getWorkload());
        checkProbe(spec.getProbe());
        checkWorker(spec.getWorker());
        checkMaxPods(spec);
        if (spec.getExpect() != null && spec.getExpect().getMinSatisfied() != null) {
            require(spec.getExpect().getMinSatisfied() >= 0, "spec.expect.minSatisfied", "must not be negative");
        }
    }

    /** The worst case of the status (every value, every run, the longest messages) must fit its budget. */
    private void checkStatusBudget(ResolvedSpec s) {
        int probes = search.maxProbes(s);
        int groups = s.tuning().rules().size();
        // Client-limited runs (evidence, compacted first) are not counted: a status they push near its
        // budget is compacted, else the run ends StatusTooLarge with every measured number kept.
        long worst = StatusBudget.worstCase(
                probes, s.tuning().numRuns(), groups, s.runs().parallelism());
        if (worst > StatusBudget.BUDGET_BYTES) {
            int fit = StatusBudget.maxProbesWithin(
                    s.tuning().numRuns(), groups, s.runs().parallelism());
            throw new Invalid(
                    "spec.maxProbes",
                    "(" + probes + ") with numRuns " + s.tuning().numRuns() + " could need "
                            + worst / 1024 + " KiB of status, more than its budget of "
                            + StatusBudget.BUDGET_BYTES / 1024
                            + " KiB: set spec.maxProbes to at most " + fit + ", or lower spec.numRuns "
                            + "(docs/operator-status.md)");
        }
    }

    private void checkTarget(TargetSpec t) {
        require(t != null, "spec.target", "is required");
        require(t.getUrl() != null && !t.getUrl().isBlank(), "spec.target.url", "is required");
        try {
            URI u = URI.create(t.getUrl());
            require(
                    ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null,
                    "spec.target.url",
                    "must be an http or https URL, got '" + t.getUrl() + "'");
        } catch (IllegalArgumentException e) {
            throw new Invalid("spec.target.url", "is not a URL: " + e.getMessage());
        }
        require(t.getModel() != null && !t.getModel().isBlank(), "spec.target.model", "is required");
        if (t.getApiKeySecretRef() != null) {
            require(notBlank(t.getApiKeySecretRef().getName()), "spec.target.apiKeySecretRef.name", "is required");
            require(notBlank(t.getApiKeySecretRef().getKey()), "spec.target.apiKeySecretRef.key", "is required");
        }
        if (t.getHeaders() != null) {
            for (String name : t.getHeaders().keySet()) {
                require(name.matches(HEADER_NAME), "spec.target.headers", "'" + name + "' is not an HTTP header name");
            }
        }
        if (t.getHeaderSecretRefs() != null) {
            for (var h : t.getHeaderSecretRefs().entrySet()) {
                String f = "spec.target.headerSecretRefs";
                require(h.getKey().matches(HEADER_NAME), f, "'" + h.getKey() + "' is not an HTTP header name");
                require(
                        h.getValue() != null
                                && notBlank(h.getValue().getName())
                                && notBlank(h.getValue().getKey()),
                        f,
                        "header " + h.getKey() + " needs a Secret name and key");
                require(
                        t.getHeaders() == null || !t.getHeaders().containsKey(h.getKey()),
                        f,
                        "header " + h.getKey() + " is also in spec.target.headers: set it in one place");
            }
        }
        atLeast(t.getMaxWaitSeconds(), 0, "spec.target.maxWaitSeconds");
    }

    /**
     * The image and service account against the operator's allowlists (what a user who may create a
     * SlaTuning may run, see docs/security.md), and env the operator keeps for itself.
     */
    private void checkWorker(WorkerSpec w) {
        if (w == null) {
            return;
        }
        if (w.getImage() != null && !settings.imageAllowed(w.getImage())) {
            throw new Invalid(
                    "spec.worker.image",
                    "'" + w.getImage() + "' is not an allowed worker image. This "
                            + "operator runs load pods only in its own image (" + settings.workerImage() + ")"
                            + (settings.access().allowedImages().isEmpty()
                                    ? ""
                                    : " and "
                                            + String.join(
                                                    ", ", settings.access().allowedImages()))
                            + ": remove spec.worker.image, or ask the operator's administrator to add it to "
                            + "slatune.operator.allowed-worker-images (Helm value operator.allowedWorkerImages)",
                    "WorkerImageNotAllowed");
        }
        if (w.getServiceAccountName() != null && !settings.serviceAccountAllowed(w.getServiceAccountName())) {
            List<String> allowed = new java.util.ArrayList<>(settings.access().allowedServiceAccounts());
            settings.workerServiceAccount().ifPresent(a -> allowed.add(0, a));
            throw new Invalid(
                    "spec.worker.serviceAccountName",
                    "'" + w.getServiceAccountName() + "' is not an "
                            + "allowed service account for load pods (allowed: "
                            + (allowed.isEmpty() ? "none; leave it unset" : String.join(", ", allowed))
                            + "): remove spec.worker.serviceAccountName, or ask the "
                            + "operator's administrator to add it to slatune.operator.allowed-worker-service-accounts "
                            + "(Helm value operator.allowedWorkerServiceAccounts)",
                    "ServiceAccountNotAllowed");
        }
        if (w.getEnv() != null) {
            for (var e : w.getEnv()) {
                require(e != null && notBlank(e.getName()), "spec.worker.env", "every entry needs a name");
                String n = e.getName();
                require(
                        !n.startsWith(LoadJobBuilder.RESERVED_ENV_PREFIX) && !JVM_ENV.contains(n),
                        "spec.worker.env",
                        n + " is set by the operator (JVM options follow the pod's CPU limit; SLATUNE_* carry the "
                                + "API key and headers): remove it");
            }
        }
    }

    /** The bound of client-limited retries: at least the pods every run has, at most what the operator allows. */
    private void checkMaxPods(SlaTuningSpec spec) {
        Integer max = spec.getWorker() == null ? null : spec.getWorker().getMaxPods();
        if (max == null) {
            return;
        }
        int parallelism = spec.getProbe() == null || spec.getProbe().getParallelism() == null
                ? 1
                : spec.getProbe().getParallelism();
        require(
                max >= parallelism,
                "spec.worker.maxPods",
                "(" + max + ") is below spec.probe.parallelism (" + parallelism + "): every run uses at least "
                        + "spec.probe.parallelism pods; set maxPods to it (no pods added when the client "
                        + "saturates) or higher");
        require(
                max <= settings.maxPodsPerProbe(),
                "spec.worker.maxPods",
                "(" + max + ") exceeds the most pods per probe this operator allows (" + settings.maxPodsPerProbe()
                        + ", slatune.operator.max-pods-per-probe)");
    }

    /** The field a message of the search's plan check is about (it speaks of the plan, not the spec). */
    /** The spec field of a plan setting. */
    static String field(PlanException.Setting setting) {
        return switch (setting) {
            case RULES -> "spec.rules";
            case START -> "spec.start";
            case LOWER_BOUND -> "spec.lowerBound";
            case UPPER_BOUND -> "spec.upperBound";
            case RUNS_PER_POINT -> "spec.numRuns";
            case STRATEGY -> "spec.strategy";
            case TOLERANCE -> "spec.tolerance";
            case MAX_PROBES -> "spec.maxProbes";
            case MAX_ERROR_RATE -> "spec.maxErrorRate";
        };
    }

    private void checkGuardRails(TuningVariable variable, double upperBound) {
        if (variable == TuningVariable.PARALLEL) {
            require(
                    upperBound <= settings.maxParallel(),
                    "spec.upperBound",
                    "(" + Numbers.exact(upperBound) + ") exceeds the highest concurrency this operator allows ("
                            + settings.maxParallel() + ")");
        } else {
            require(
                    upperBound <= settings.maxRate(),
                    "spec.upperBound",
                    "(" + Numbers.exact(upperBound) + ") exceeds the highest rate this operator allows ("
                            + Numbers.exact(settings.maxRate()) + "/s)");
        }
    }

    private void checkRules(List<Map<String, String>> rules) {
        require(rules != null && !rules.isEmpty(), "spec.rules", "needs at least one rule group");
        for (int i = 0; i < rules.size(); i++) {
            require(rules.get(i) != null && !rules.get(i).isEmpty(), "spec.rules[" + i + "]", "is an empty group");
        }
        try {
            search.checkRules(rules);
        } catch (IllegalArgumentException e) {
            throw new Invalid("spec.rules", e.getMessage());
        }
    }

    private void checkWorkload(WorkloadSpec w) {
        if (w == null) {
            return;
        }
        LoadPodOptions.problem(w.getTokenizer()).ifPresent(m -> require(false, "spec.workload.tokenizer", m));
        atLeast(w.getMinPromptLength(), 1, "spec.workload.minPromptLength");
        atLeast(w.getMaxPromptLength(), 1, "spec.workload.maxPromptLength");
        atLeast(w.getPrefixLength(), 0, "spec.workload.prefixLength");
        atLeast(w.getMaxTokens(), 1, "spec.workload.maxTokens");
        if (w.getMinPromptLength() != null && w.getMaxPromptLength() != null) {
            require(
                    w.getMinPromptLength() <= w.getMaxPromptLength(),
                    "spec.workload.maxPromptLength",
                    "(" + w.getMaxPromptLength() + ") must not be below minPromptLength (" + w.getMinPromptLength()
                            + ")");
        }
        require(w.getSeed() == null || w.getSeed() >= 0, "spec.workload.seed", "must not be negative");
        if (w.getExtraArgs() != null) {
            try {
                JsonNode node = JSON.readTree(w.getExtraArgs());
                require(node != null && node.isObject(), "spec.workload.extraArgs", "must be a JSON object");
            } catch (JsonProcessingException e) {
                throw new Invalid("spec.workload.extraArgs", "is not JSON: " + e.getOriginalMessage());
            }
        }
    }

    private void checkProbe(ProbeSpec p) {
        if (p == null) {
            return;
        }
        require(
                p.getRequests() == null || p.getDurationSeconds() == null,
                "spec.probe.durationSeconds",
                "set either requests or durationSeconds, not both");
        atLeast(p.getRequests(), 1, "spec.probe.requests");
        atLeast(p.getDurationSeconds(), 1, "spec.probe.durationSeconds");
        atLeast(p.getWarmupRequests(), 0, "spec.probe.warmupRequests");
        atLeast(p.getCooldownSeconds(), 0, "spec.probe.cooldownSeconds");
        atLeast(p.getParallelism(), 1, "spec.probe.parallelism");
        atLeast(p.getTimeoutSeconds(), 1, "spec.probe.timeoutSeconds");
        atLeast(p.getRetries(), 0, "spec.probe.retries");
        if (p.getParallelism() != null) {
            require(
                    p.getParallelism() <= settings.maxPodsPerProbe(),
                    "spec.probe.parallelism",
                    "(" + p.getParallelism() + ") exceeds the most pods per probe this operator allows ("
                            + settings.maxPodsPerProbe() + ")");
        }
    }

    private static void positive(Double v, String field) {
        require(v == null || v > 0 && Double.isFinite(v), field, "must be a positive number");
    }

    private static void atLeast(Integer v, int min, String field) {
        require(v == null || v >= min, field, "must be at least " + min);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new Invalid(field, message);
        }
    }

    /** Carries the first problem out of the checks. */
    private static final class Invalid extends RuntimeException {
        private final String field;
        private final String reason;

        Invalid(String field, String message) {
            this(field, message, null);
        }

        Invalid(String field, String message, String reason) {
            super(message, null, false, false);
            this.field = field;
            this.reason = reason;
        }
    }
}
