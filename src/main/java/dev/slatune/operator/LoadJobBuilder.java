package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import dev.slatune.api.TuningVariable;
import dev.slatune.api.WorkerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the Job of one pod share of one run, per the Job contract of DESIGN.md: a single pod
 * running {@code slatune load} in the operator's own image, never restarted ({@code backoffLimit: 0},
 * {@code restartPolicy: Never}: the operator decides about retries), bounded in time, garbage
 * collected with its owner, and given the API key only through a {@code secretKeyRef}.
 */
public final class LoadJobBuilder {

    /** The container name the result reader looks for. */
    public static final String CONTAINER = "load";
    /** The environment variable the load command reads the API key from. */
    public static final String API_KEY_ENV = "SLATUNE_API_KEY";
    public static final String TERMINATION_LOG = "/dev/termination-log";
    /** Annotation carrying the pressure of the whole run, for people reading the Job. */
    public static final String VALUE_ANNOTATION = "slatune.dev/value";
    /** The prompt seed when the spec sets none: {@code slatune load}'s own default. */
    static final long DEFAULT_SEED = 42;

    private final OperatorSettings settings;

    public LoadJobBuilder(OperatorSettings settings) {
        this.settings = settings;
    }

    /** The Job {@code key} names: {@code share} of a run at {@code value}. */
    public Job build(SlaTuning r, ResolvedSpec spec, JobKey key, double value, LoadShare share) {
        String name = key.name();
        int run = key.run();
        Map<String, String> labels = key.labels();
        WorkerSpec w = spec.worker();
        return new JobBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(r.getMetadata().getNamespace())
                    .withLabels(labels)
                    .addToAnnotations(VALUE_ANNOTATION, SpecValidator.num(value))
                    .withOwnerReferences(owner(r))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withCompletions(1)
                    .withParallelism(1)
                    .withActiveDeadlineSeconds((long) spec.timeoutSeconds())
                    .withTtlSecondsAfterFinished(settings.jobTtlSeconds())
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(w.getServiceAccountName() != null ? w.getServiceAccountName()
                                    : settings.workerServiceAccount().orElse(null))
                            // The load pods need no API access at all.
                            .withAutomountServiceAccountToken(false)
                            .withNodeSelector(w.getNodeSelector())
                            .withTolerations(w.getTolerations())
                            .withContainers(container(spec, run, share))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private Container container(ResolvedSpec spec, int run, LoadShare share) {
        WorkerSpec w = spec.worker();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(w.getImage() != null ? w.getImage() : settings.workerImage())
                .withImagePullPolicy(w.getImagePullPolicy() != null ? w.getImagePullPolicy()
                        : settings.workerImagePullPolicy().orElse(null))
                .withArgs(args(spec, run, share))
                .withEnv(env(spec))
                .withResources(w.getResources())
                .withTerminationMessagePath(TERMINATION_LOG)
                // On success the ProbeResult file; when load fails before writing it (exit 2 or 3),
                // Kubernetes takes the log's tail instead, where load printed why.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withRunAsNonRoot(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .build();
    }

    private static List<EnvVar> env(ResolvedSpec spec) {
        if (spec.apiKeySecretRef() == null) {
            return List.of();
        }
        return List.of(new EnvVarBuilder().withName(API_KEY_ENV)
                .withNewValueFrom().withNewSecretKeyRef()
                    .withName(spec.apiKeySecretRef().getName())
                    .withKey(spec.apiKeySecretRef().getKey())
                .endSecretKeyRef().endValueFrom()
                .build());
    }

    /** The arguments of {@code slatune load} for one share (the image's entrypoint is {@code slatune}). */
    static List<String> args(ResolvedSpec spec, int run, LoadShare share) {
        List<String> a = new ArrayList<>();
        a.add("load");
        add(a, "--url", spec.url());
        add(a, "--api", spec.api().key());
        add(a, "--model", spec.model());
        if (spec.variable() == TuningVariable.PARALLEL) {
            add(a, "--parallel", Long.toString(Math.round(share.value())));
        } else {
            add(a, "--rate", SpecValidator.num(share.value()));
        }
        if (spec.durationSeconds() != null) {
            add(a, "--duration", Integer.toString(spec.durationSeconds()));
        } else {
            add(a, "--number", Integer.toString(share.requests()));
        }
        add(a, "--warmup-num", Integer.toString(share.warmup()));
        add(a, "--max-tokens", Integer.toString(spec.maxTokens()));
        a.add(spec.stream() ? "--stream" : "--no-stream");
        add(a, "--dataset", spec.dataset().key());
        add(a, "--min-prompt-length", Integer.toString(spec.minPromptLength()));
        add(a, "--max-prompt-length", Integer.toString(spec.maxPromptLength()));
        add(a, "--prefix-length", Integer.toString(spec.prefixLength()));
        if (spec.extraArgs() != null) {
            add(a, "--extra-args", spec.extraArgs());
        }
        spec.headers().forEach((k, v) -> add(a, "--headers", k + "=" + v));
        // Shares draw different prompts (or all pods would send the same ones); runs start at fresh
        // prompts (--run), so a repeated run does not ride the prefix cache of the one before.
        add(a, "--seed", Long.toString((spec.seed() != null ? spec.seed() : DEFAULT_SEED) + share.index()));
        add(a, "--run", Integer.toString(run));
        add(a, "--termination-log", TERMINATION_LOG);
        return a;
    }

    private static void add(List<String> args, String flag, String value) {
        args.add(flag);
        args.add(value);
    }

    private static OwnerReference owner(SlaTuning r) {
        // controller=true so that tools show the Job as managed; no blockOwnerDeletion, which would
        // need an extra permission (update on slatunings/finalizers) for nothing we rely on.
        return new OwnerReferenceBuilder()
                .withApiVersion(r.getApiVersion())
                .withKind(r.getKind())
                .withName(r.getMetadata().getName())
                .withUid(r.getMetadata().getUid())
                .withController(true)
                .build();
    }
}
