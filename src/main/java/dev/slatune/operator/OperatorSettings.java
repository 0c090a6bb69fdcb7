package dev.slatune.operator;

import java.util.List;
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
 * @param access which images and service accounts a SlaTuning may ask for, and target sharing
 */
public record OperatorSettings(
        String workerImage,
        Optional<String> workerImagePullPolicy,
        Optional<String> workerServiceAccount,
        int maxParallel,
        double maxRate,
        int maxPodsPerProbe,
        int retries,
        int jobTimeoutSeconds,
        int jobTtlSeconds,
        int pollSeconds,
        Access access) {

    /**
     * What a user who may create SlaTunings may make the operator do on their behalf.
     *
     * @param allowedImages worker images a resource may name (exact, or a prefix ending in {@code *});
     *     empty: only {@code workerImage}
     * @param allowedServiceAccounts service accounts a resource may name for its load pods (exact
     *     names); empty: only {@code workerServiceAccount}, when set
     * @param targetLeases one tuning per target at a time (a Lease per normalised target URL)
     * @param targetLeaseNamespace where the target Leases live; empty: the operator's namespace
     * @param targetWaitSeconds how long a tuning waits for a busy target when its spec does not say
     * @param shareStartLeadSeconds how far ahead the agreed start of a multi-pod run is set, so every
     *     pod is scheduled and its JVM up before it
     */
    public record Access(
            List<String> allowedImages,
            List<String> allowedServiceAccounts,
            boolean targetLeases,
            Optional<String> targetLeaseNamespace,
            int targetWaitSeconds,
            int shareStartLeadSeconds) {

        public Access {
            allowedImages = List.copyOf(allowedImages);
            allowedServiceAccounts = List.copyOf(allowedServiceAccounts);
        }

        /** The defaults of {@link OperatorConfig}. */
        public static Access defaults() {
            return new Access(List.of(), List.of(), true, Optional.empty(), 3600, 15);
        }
    }

    /** Settings with the default {@link Access}. */
    public OperatorSettings(
            String workerImage,
            Optional<String> workerImagePullPolicy,
            Optional<String> workerServiceAccount,
            int maxParallel,
            double maxRate,
            int maxPodsPerProbe,
            int retries,
            int jobTimeoutSeconds,
            int jobTtlSeconds,
            int pollSeconds) {
        this(
                workerImage,
                workerImagePullPolicy,
                workerServiceAccount,
                maxParallel,
                maxRate,
                maxPodsPerProbe,
                retries,
                jobTimeoutSeconds,
                jobTtlSeconds,
                pollSeconds,
                Access.defaults());
    }

    /** The defaults of {@link OperatorConfig}, for tests. */
    public static OperatorSettings defaults(String image) {
        return new OperatorSettings(image, Optional.empty(), Optional.empty(), 1024, 1000, 16, 2, 1800, 3600, 60);
    }

    /** These settings with other access rules. */
    public OperatorSettings withAccess(Access a) {
        return new OperatorSettings(
                workerImage,
                workerImagePullPolicy,
                workerServiceAccount,
                maxParallel,
                maxRate,
                maxPodsPerProbe,
                retries,
                jobTimeoutSeconds,
                jobTtlSeconds,
                pollSeconds,
                a);
    }

    /** Whether a resource may run its load pods in {@code image}. */
    public boolean imageAllowed(String image) {
        if (image.equals(workerImage)) {
            return true;
        }
        return access.allowedImages().stream()
                .anyMatch(p -> p.endsWith("*") ? image.startsWith(p.substring(0, p.length() - 1)) : image.equals(p));
    }

    /** Whether a resource may run its load pods as service account {@code name}. */
    public boolean serviceAccountAllowed(String name) {
        return workerServiceAccount.map(name::equals).orElse(false)
                || access.allowedServiceAccounts().contains(name);
    }
}
