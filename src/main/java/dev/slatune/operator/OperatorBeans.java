package dev.slatune.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Wires the operator's plain classes into CDI: the reconcile steps with the system clock, and leader election. */
@Singleton
public class OperatorBeans {

    private static final Logger LOG = Logger.getLogger(OperatorBeans.class);
    private static final Path POD_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Observe, decide, act, on the real clock. */
    @Produces
    @Singleton
    TuningReconcile reconcile(
            KubernetesClient client, OperatorConfig config, SearchPort search, MeterRegistry registry, Clock clock) {
        OperatorSettings settings = config.settings();
        TuningEvents events = new TuningEvents(client, clock);
        return new TuningReconcile(
                new Observer(client),
                new Decider(
                        settings,
                        search,
                        Duration.ofSeconds(config.unschedulableGraceSeconds()),
                        Decider.RunCheck.NONE),
                new Actor(client, settings, events, new TuningMetrics(registry)),
                clock,
                TargetGate.of(client, clock, settings, events));
    }

    /**
     * Leader election on a Lease, so two replicas can run and only one acts. The operator SDK uses it
     * in the profiles of {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (prod);
     * null (outside a cluster with no namespace to put the Lease in) turns it off.
     */
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(OperatorConfig config, KubernetesClient client) {
        boolean inCluster = System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.exists(POD_NAMESPACE);
        LeaseNamespace lease = LeaseNamespace.resolve(
                config.leaseNamespace(),
                inCluster,
                podNamespace(),
                Optional.ofNullable(client.getConfiguration().getNamespace()));
        LOG.info(lease.explanation());
        return lease.namespace()
                .map(ns -> new LeaderElectionConfiguration(config.leaseName(), ns))
                .orElse(null);
    }

    private static Optional<String> podNamespace() {
        try {
            return Files.exists(POD_NAMESPACE)
                    ? Optional.of(Files.readString(POD_NAMESPACE).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
