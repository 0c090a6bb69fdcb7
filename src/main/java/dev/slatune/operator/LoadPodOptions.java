package dev.slatune.operator;

import dev.slatune.api.SlaTuningSpec;
import dev.slatune.api.TargetSpec;
import dev.slatune.api.TokenizerSpec;
import dev.slatune.api.WorkloadSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The load pod settings taken from the spec as they are: the model's tokenizer ({@code
 * spec.workload.tokenizer}: a HuggingFace id downloaded by the pod, or a ConfigMap's
 * {@code tokenizer.json} mounted read-only) and where the target's Prometheus metrics are
 * ({@code spec.target.metricsUrl}). Applied to a built Job, so that the Job builder stays as it is.
 */
public final class LoadPodOptions {

    /** Where a ConfigMap tokenizer is mounted in the load container. */
    static final String TOKENIZER_DIR = "/etc/slatune/tokenizer";

    static final String TOKENIZER_VOLUME = "tokenizer";
    static final String DEFAULT_KEY = "tokenizer.json";

    private LoadPodOptions() {}

    /** What is wrong with a tokenizer spec, if anything. */
    static Optional<String> problem(TokenizerSpec t) {
        if (t == null) {
            return Optional.empty();
        }
        boolean hub = t.getHuggingFace() != null && !t.getHuggingFace().isBlank();
        boolean map = t.getConfigMapRef() != null;
        if (hub == map) {
            return Optional.of("give exactly one of huggingFace (a model id such as Qwen/Qwen2.5-0.5B-Instruct) "
                    + "and configMapRef (a ConfigMap holding tokenizer.json)");
        }
        if (map
                && (t.getConfigMapRef().getName() == null
                        || t.getConfigMapRef().getName().isBlank())) {
            return Optional.of("configMapRef.name is required");
        }
        if (map && (t.getEndpoint() != null || t.getTokenSecretRef() != null)) {
            return Optional.of("endpoint and tokenSecretRef apply to huggingFace only, not to configMapRef");
        }
        return Optional.empty();
    }

    /** How prompt lengths will be counted, for the status: exact with a tokenizer, else approximate. */
    public static String promptLengths(SlaTuningSpec spec) {
        TokenizerSpec t = tokenizer(spec);
        if (t == null) {
            return "approximate: no spec.workload.tokenizer, so prompts are made of common words counted as one "
                    + "token each and replies without usage are counted at 4 bytes per token";
        }
        return t.getConfigMapRef() != null
                ? "exact: tokenizer.json from ConfigMap " + t.getConfigMapRef().getName()
                : "exact: tokenizer of " + t.getHuggingFace();
    }

    /** Adds the tokenizer and server-metrics settings of {@code spec} to the load container of {@code job}. */
    public static Job apply(Job job, SlaTuningSpec spec) {
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().stream()
                .filter(x -> LoadJobBuilder.CONTAINER.equals(x.getName()))
                .findFirst()
                .orElseThrow();
        List<String> args = new ArrayList<>(c.getArgs());
        List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
        List<VolumeMount> mounts = new ArrayList<>(c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts());
        List<Volume> volumes = new ArrayList<>(pod.getVolumes() == null ? List.of() : pod.getVolumes());
        TargetSpec target = spec.getTarget();
        if (target != null
                && target.getMetricsUrl() != null
                && !target.getMetricsUrl().isBlank()) {
            args.add("--server-metrics");
            args.add(target.getMetricsUrl());
        }
        TokenizerSpec t = tokenizer(spec);
        if (t != null && t.getConfigMapRef() != null) {
            String key = t.getConfigMapRef().getKey() == null
                    ? DEFAULT_KEY
                    : t.getConfigMapRef().getKey();
            volumes.add(new VolumeBuilder()
                    .withName(TOKENIZER_VOLUME)
                    .withNewConfigMap()
                    .withName(t.getConfigMapRef().getName())
                    .addNewItem()
                    .withKey(key)
                    .withPath(DEFAULT_KEY)
                    .endItem()
                    .endConfigMap()
                    .build());
            mounts.add(new VolumeMountBuilder()
                    .withName(TOKENIZER_VOLUME)
                    .withMountPath(TOKENIZER_DIR)
                    .withReadOnly(true)
                    .build());
            args.add("--tokenizer-path");
            args.add(TOKENIZER_DIR + "/" + DEFAULT_KEY);
        } else if (t != null) {
            // Downloaded into the pod's writable cache (SLATUNE_CACHE_DIR, set by the Job builder).
            if (t.getEndpoint() != null && !t.getEndpoint().isBlank()) {
                env.add(new EnvVarBuilder()
                        .withName("HF_ENDPOINT")
                        .withValue(t.getEndpoint())
                        .build());
            }
            if (t.getTokenSecretRef() != null) {
                env.add(new EnvVarBuilder()
                        .withName("HF_TOKEN")
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName(t.getTokenSecretRef().getName())
                        .withKey(t.getTokenSecretRef().getKey())
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build());
            }
            args.add("--tokenizer-path");
            args.add(t.getHuggingFace());
        }
        c.setArgs(args);
        c.setEnv(env);
        c.setVolumeMounts(mounts);
        pod.setVolumes(volumes);
        return job;
    }

    private static TokenizerSpec tokenizer(SlaTuningSpec spec) {
        WorkloadSpec w = spec == null ? null : spec.getWorkload();
        return w == null ? null : w.getTokenizer();
    }
}
