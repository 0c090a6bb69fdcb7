package dev.slatune.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** {@code slatune.operator.*}: guard rails and defaults of the operator (Helm sets them). */
@ConfigMapping(prefix = "slatune.operator")
public interface OperatorConfig {

    /** The image of the load Jobs: the operator's own image (Helm passes the one it deploys). */
    @WithDefault("ghcr.io/slatune/slatune:0.1.0")
    String workerImage();

    /** The pull policy of load containers when a resource names none; unset, Kubernetes decides. */
    Optional<String> workerImagePullPolicy();

    /** The service account of the load pods when a resource names none. */
    Optional<String> workerServiceAccount();

    /** The highest concurrency a SlaTuning may ask for. */
    @WithDefault("1024")
    int maxParallel();

    /** The highest request rate (per second) a SlaTuning may ask for. */
    @WithDefault("1000")
    double maxRate();

    /** The most pods a single run may spread its load over. */
    @WithDefault("16")
    int maxPodsPerProbe();

    /** Retries of a failed load Job when the resource does not set spec.probe.retries. */
    @WithDefault("2")
    int retries();

    /** The deadline of a load Job when the resource does not set spec.probe.timeoutSeconds. */
    @WithDefault("1800")
    int jobTimeoutSeconds();

    /** ttlSecondsAfterFinished of the load Jobs. */
    @WithDefault("3600")
    int jobTtlSeconds();

    /** How often a running run is re-examined without an event, a safety net for missed watch events. */
    @WithDefault("60")
    int pollSeconds();

    /**
     * How long a load pod may stay unschedulable before its attempt ends with the scheduler's
     * message (a cluster autoscaler may need a minute or two to add a node).
     */
    @WithDefault("120")
    int unschedulableGraceSeconds();

    /** The name of the Lease used for leader election. */
    @WithDefault("slatune-operator-leader")
    String leaseName();

    /**
     * The namespace of the Lease; unset, the namespace the operator runs in, or outside a cluster
     * the kubeconfig context's (leader election is off when there is none).
     */
    Optional<String> leaseNamespace();

    /**
     * Further worker images a SlaTuning may name in spec.worker.image (comma-separated; an entry
     * ending in {@code *} is a prefix). The operator's own worker-image is always allowed; unset,
     * it is the only one.
     */
    Optional<List<String>> allowedWorkerImages();

    /**
     * Service accounts a SlaTuning may name in spec.worker.serviceAccountName (comma-separated).
     * worker-service-account is always allowed; unset, it is the only one.
     */
    Optional<List<String>> allowedWorkerServiceAccounts();

    /** One tuning per target at a time (a Lease per normalised target URL); false for shared targets. */
    @WithDefault("true")
    boolean targetLeases();

    /** The namespace of the target Leases; unset, the operator's own namespace. */
    Optional<String> targetLeaseNamespace();

    /** How long a tuning waits for a busy target when its spec.target.maxWaitSeconds is unset. */
    @WithDefault("3600")
    int targetWaitSeconds();

    /** How far ahead the common start of a multi-pod run is set (pod scheduling plus JVM start). */
    @WithDefault("15")
    int shareStartLeadSeconds();

    /** These settings as a plain value. */
    default OperatorSettings settings() {
        return new OperatorSettings(
                workerImage(),
                workerImagePullPolicy(),
                workerServiceAccount(),
                maxParallel(),
                maxRate(),
                maxPodsPerProbe(),
                retries(),
                jobTimeoutSeconds(),
                jobTtlSeconds(),
                pollSeconds(),
                new OperatorSettings.Access(
                        allowedWorkerImages().orElse(List.of()),
                        allowedWorkerServiceAccounts().orElse(List.of()),
                        targetLeases(),
                        targetLeaseNamespace(),
                        targetWaitSeconds(),
                        shareStartLeadSeconds()));
    }
}
