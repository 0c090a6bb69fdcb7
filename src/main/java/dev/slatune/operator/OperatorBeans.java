package dev.slatune.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the operator's plain classes into CDI: the driver with the system clock, and leader election. */
@Singleton
public class OperatorBeans {

    /** The reconciler's logic, on the real clock. */
    @Produces
    @Singleton
    TuningDriver driver(KubernetesClient client, OperatorConfig config, SearchPort search, MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        return new TuningDriver(client, clock, config.settings(), search, new TuningEvents(client, clock),
                new TuningMetrics(registry));
    }

    /**
     * Leader election on a Lease, so two replicas can run and only one acts. The operator SDK uses it
     * in the profiles of {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (prod).
     */
    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        return new LeaderElectionConfiguration(config.leaseName(), config.leaseNamespace().orElse(null));
    }
}
