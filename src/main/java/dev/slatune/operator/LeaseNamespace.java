package dev.slatune.operator;

import java.util.Optional;

/**
 * Where the leader-election Lease lives, and what the operator says about it: the configured
 * namespace; in a cluster the operator's own; outside a cluster (development, a kind cluster) the
 * kubeconfig context's, or no leader election at all when the context names none. Only an operator
 * in a cluster that cannot tell its namespace is an error, and the error names the setting.
 *
 * @param namespace the Lease's namespace; empty: leader election off
 * @param explanation one line for the log saying which case applies
 */
public record LeaseNamespace(Optional<String> namespace, String explanation) {

    /** The setting that names the namespace, as an environment variable. */
    public static final String SETTING = "SLATUNE_OPERATOR_LEASE_NAMESPACE";

    /**
     * Decides from the configured namespace, whether the process runs in a cluster (a service
     * account namespace file) and that file's content, and the kubeconfig context's namespace.
     */
    public static LeaseNamespace resolve(
            Optional<String> configured,
            boolean inCluster,
            Optional<String> podNamespace,
            Optional<String> contextNamespace) {
        Optional<String> set = configured.filter(s -> !s.isBlank());
        if (set.isPresent()) {
            return new LeaseNamespace(set, "leader election on Lease in namespace " + set.get() + " (" + SETTING + ")");
        }
        if (inCluster) {
            Optional<String> own = podNamespace.filter(s -> !s.isBlank());
            if (own.isEmpty()) {
                throw new IllegalStateException("leader election: the operator runs in a cluster but cannot tell its "
                        + "namespace (no service account namespace file); set " + SETTING + " to the namespace of "
                        + "its Lease");
            }
            return new LeaseNamespace(
                    own, "leader election on Lease in namespace " + own.get() + " (the operator's own)");
        }
        Optional<String> ctx = contextNamespace.filter(s -> !s.isBlank());
        if (ctx.isPresent()) {
            return new LeaseNamespace(
                    ctx,
                    "running outside a cluster: leader election on Lease in namespace " + ctx.get()
                            + " (the kubeconfig context's); set " + SETTING + " to choose another");
        }
        return new LeaseNamespace(
                Optional.empty(),
                "running outside a cluster with no namespace in the kubeconfig "
                        + "context: leader election is off (run one operator only); set " + SETTING + " to turn it on");
    }
}
