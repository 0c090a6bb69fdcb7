package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import dev.slatune.api.WorkerSpec;
import dev.slatune.plan.ProbePlan;
import dev.slatune.sla.Numbers;
import dev.slatune.sla.SlaRules;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Job of one pod share of one run, per the Job contract of docs/architecture.md: a single pod
 * running {@code slatune load} in the operator's own image, never restarted ({@code backoffLimit: 0},
 * {@code restartPolicy: Never}: the operator decides about retries), bounded in time, garbage
 * collected with its owner, and given the API key only through a {@code secretKeyRef}.
 *
 * <p>The pod passes the Pod Security "restricted" profile as built: non-root, RuntimeDefault
 * seccomp, no privilege escalation, no capabilities, a read-only root file system with an
 * {@code emptyDir} at {@code /tmp} for what the JVM and the load write there (hsperfdata, Vert.x's
 * file cache, downloaded tokenizers via {@code SLATUNE_CACHE_DIR}); the termination log is a file
 * the kubelet mounts. Its resources are Guaranteed ({@link WorkerResources}) and its JVM options
 * follow the CPU limit ({@link WorkerJvm}).
 */
public final class LoadJobBuilder {

    /** The container name the result reader looks for. */
    public static final String CONTAINER = "load";
    /** The environment variable the load command reads the API key from. */
    public static final String API_KEY_ENV = "SLATUNE_API_KEY";

    public static final String TERMINATION_LOG = "/dev/termination-log";
    /** The writable scratch directory of the load container (an emptyDir; the root file system is read-only). */
    public static final String TMP_DIR = "/tmp";
    /** Where downloaded tokenizers are cached: inside the emptyDir. */
    public static final String CACHE_DIR = TMP_DIR + "/slatune-cache";
    /** Environment variables the operator sets on the load container; spec.worker.env may not. */
    public static final String RESERVED_ENV_PREFIX = "SLATUNE_";
    /** The prefix of the env vars carrying header values from Secrets ({@code --header-from-env}). */
    static final String HEADER_ENV_PREFIX = "SLATUNE_HEADER_";
    /** The non-root user of the image (src/main/docker/Dockerfile.jvm), set so a named user cannot slip by. */
    static final long RUN_AS_USER = 185;
    /** Annotation carrying the agreed start of a multi-pod run's shares (epoch ms), for people reading the Job. */
    public static final String START_AT_ANNOTATION = "slatune.dev/start-at";
    /** Annotation carrying the pressure of the whole run, for people reading the Job. */
    public static final String VALUE_ANNOTATION = "slatune.dev/value";

    private final OperatorSettings settings;

    public LoadJobBuilder(OperatorSettings settings) {
        this.settings = settings;
    }

    /**
     * The Job {@code key} names: {@code share} of a run at {@code value}.
     *
     * @param startAtEpochMs when every share of the run starts its load ({@code load --start-at}),
     *     or null to start as soon as the pod is up (a single pod has no one to wait for)
     */
    public Job build(SlaTuning r, ResolvedSpec spec, JobKey key, double value, LoadShare share, Long startAtEpochMs) {
        String name = key.name();
        int run = key.run();
        Map<String, String> labels = key.labels();
        WorkerSpec w = spec.worker();
        List<ProbePlan.ShareRun> all = spec.probePlan().run(key.probe(), value, run, key.attempt(), share.pods());
        ProbePlan.ShareRun load = all.get(share.index());
        // How many pods this run has: more than spec.probe.parallelism after a client-limited run.
        labels.put(JobNames.PODS, Integer.toString(all.size()));
        Map<String, String> jobAnnotations = new LinkedHashMap<>();
        jobAnnotations.put(VALUE_ANNOTATION, Numbers.exact(value));
        if (startAtEpochMs != null) {
            jobAnnotations.put(START_AT_ANNOTATION, Long.toString(startAtEpochMs));
        }
        // The user's labels first, so the operator's (which select and identify the pods) win.
        Map<String, String> podLabels = new LinkedHashMap<>();
        if (w.getLabels() != null) {
            podLabels.putAll(w.getLabels());
        }
        podLabels.putAll(labels);
        ResourceRequirements resources = WorkerResources.of(spec.tuning().variable(), share.value(), w.getResources());
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(r.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(jobAnnotations)
                .withOwnerReferences(owner(r))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withCompletions(1)
                .withParallelism(1)
                .withActiveDeadlineSeconds((long) spec.runs().timeoutSeconds())
                .withTtlSecondsAfterFinished(settings.jobTtlSeconds())
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(podLabels)
                .withAnnotations(
                        w.getAnnotations() == null || w.getAnnotations().isEmpty()
                                ? null
                                : new LinkedHashMap<>(w.getAnnotations()))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(
                        w.getServiceAccountName() != null
                                ? w.getServiceAccountName()
                                : settings.workerServiceAccount().orElse(null))
                // The load pods need no API access at all.
                .withAutomountServiceAccountToken(false)
                .withNodeSelector(w.getNodeSelector())
                .withTolerations(w.getTolerations())
                .withAffinity(w.getAffinity())
                .withImagePullSecrets(w.getImagePullSecrets())
                .withPriorityClassName(w.getPriorityClassName())
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUN_AS_USER)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withVolumes(tmpVolume())
                .withContainers(container(spec, load, resources, startAtEpochMs))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        return LoadPodOptions.apply(job, r.getSpec());
    }

    private Container container(
            ResolvedSpec spec, ProbePlan.ShareRun share, ResourceRequirements resources, Long startAtEpochMs) {
        WorkerSpec w = spec.worker();
        List<String> args = new ArrayList<>(args(spec, share));
        if (startAtEpochMs != null) {
            add(args, "--start-at", Long.toString(startAtEpochMs));
        }
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(w.getImage() != null ? w.getImage() : settings.workerImage())
                .withImagePullPolicy(
                        w.getImagePullPolicy() != null
                                ? w.getImagePullPolicy()
                                : settings.workerImagePullPolicy().orElse(null))
                .withArgs(args)
                .withEnv(env(spec, resources))
                .withResources(resources)
                .withVolumeMounts(tmpMount())
                .withTerminationMessagePath(TERMINATION_LOG)
                // On success the ProbeResult file; when load fails before writing it (exit 2 or 3),
                // Kubernetes takes the log's tail instead, where load printed why.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .build();
    }

    private static Volume tmpVolume() {
        // Memory-backed would count against the memory limit; the node's disk is the safer default.
        return new VolumeBuilder()
                .withName("tmp")
                .withNewEmptyDir()
                .withSizeLimit(new Quantity("256Mi"))
                .endEmptyDir()
                .build();
    }

    private static VolumeMount tmpMount() {
        return new VolumeMountBuilder().withName("tmp").withMountPath(TMP_DIR).build();
    }

    /** The operator's variables first, then the user's (which the validator keeps off SLATUNE_* and JAVA_TOOL_OPTIONS). */
    private static List<EnvVar> env(ResolvedSpec spec, ResourceRequirements resources) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar(WorkerJvm.ENV, WorkerJvm.options(WorkerResources.cpus(resources)), null));
        env.add(new EnvVar("SLATUNE_CACHE_DIR", CACHE_DIR, null));
        if (spec.target().apiKeySecretRef() != null) {
            env.add(secretEnv(API_KEY_ENV, spec.target().apiKeySecretRef()));
        }
        int i = 0;
        for (var h : spec.target().headerSecretRefs().entrySet()) {
            env.add(secretEnv(HEADER_ENV_PREFIX + i++, h.getValue()));
        }
        if (spec.worker().getEnv() != null) {
            env.addAll(spec.worker().getEnv());
        }
        return env;
    }

    private static EnvVar secretEnv(String name, dev.slatune.api.SecretKeyReference ref) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(ref.getName())
                .withKey(ref.getKey())
                .endSecretKeyRef()
                .endValueFrom()
                .build();
    }

    /** The arguments of {@code slatune load} for one share (the image's entrypoint is {@code slatune}). */
    static List<String> args(ResolvedSpec spec, ProbePlan.ShareRun share) {
        List<String> a = new ArrayList<>();
        a.add("load");
        add(a, "--url", spec.target().url());
        add(a, "--api", spec.target().api().key());
        add(a, "--model", spec.target().model());
        // Pressure, size, warm-up and the prompt ordinal (--run): the probe plan's, as in tune. Every
        // share of every run and attempt gets its own ordinal, so no pod re-sends earlier prompts.
        a.addAll(share.loadArgs(spec.probePlan().variable()));
        a.addAll(ProbePlan.goodputArgs(
                SlaRules.goodputSets(SlaRules.fromGroups(spec.tuning().rules()))));
        add(a, "--max-tokens", Integer.toString(spec.workload().maxTokens()));
        a.add(spec.workload().stream() ? "--stream" : "--no-stream");
        add(a, "--dataset", spec.workload().dataset().key());
        add(a, "--min-prompt-length", Integer.toString(spec.workload().minPromptLength()));
        add(a, "--max-prompt-length", Integer.toString(spec.workload().maxPromptLength()));
        add(a, "--prefix-length", Integer.toString(spec.workload().prefixLength()));
        if (spec.workload().extraArgs() != null) {
            add(a, "--extra-args", spec.workload().extraArgs());
        }
        spec.target().headers().forEach((k, v) -> add(a, "--headers", k + "=" + v));
        // Header values from Secrets: only the variable's name is an argument, the value is in env.
        int h = 0;
        for (String header : spec.target().headerSecretRefs().keySet()) {
            add(a, "--header-from-env", header + "=" + HEADER_ENV_PREFIX + h++);
        }
        add(a, "--seed", Long.toString(spec.workload().seed()));
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
