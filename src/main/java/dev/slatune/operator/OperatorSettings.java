package dev.slatune.operator;

import java.util.Optional;

/**
 * The operator's own configuration, as plain values (tests build it directly; {@link OperatorConfig}
 * maps it from {@code slatune.operator.*}).
 *
 * @param workerImage the image of the load Jobs when a resource names none: the operator's own
 * @param workerImagePullPolicy the pull policy of load containers when a resource names none
 * @param workerServiceAccount the service account of load pods when a resource names none
 * @param maxParallel the highest concurrency any resource may ask for (a guard rail)
 * @param maxRate the highest request rate any resource may ask for (a guard rail)
 * @param maxPodsPerProbe the most pods one run may spread over
 * @param retries how often a failed load Job is retried when the resource does not say
 * @param jobTimeoutSeconds the deadline of a load Job when the resource does not say
 * @param jobTtlSeconds how long finished Jobs are kept (ttlSecondsAfterFinished)
 * @param pollSeconds how often a running run is looked at even without an event (a safety net)
 */
public record OperatorSettings(String workerImage, Optional<String> workerImagePullPolicy,
        Optional<String> workerServiceAccount, int maxParallel, double maxRate, int maxPodsPerProbe, int retries,
        int jobTimeoutSeconds, int jobTtlSeconds, int pollSeconds) {

    /** The defaults of {@link OperatorConfig}, for tests. */
    public static OperatorSettings defaults(String image) {
        return new OperatorSettings(image, Optional.empty(), Optional.empty(), 1024, 1000, 16, 2, 1800, 3600, 60);
    }
}
