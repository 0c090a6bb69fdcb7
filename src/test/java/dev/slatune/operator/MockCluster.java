package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;

/**
 * Drives {@link TuningDriver} against a mock API server the way the operator SDK does: read the
 * resource and its Jobs, reconcile, write the status when it changed; a {@link KubeletStandIn}
 * finishes the Jobs in between. Every {@link #operator()} call is a fresh operator instance with
 * nothing in memory, as after a restart.
 */
final class MockCluster {

    static final String NAMESPACE = "tuning";

    final KubernetesClient client;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T18:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final KubeletStandIn kubelet;
    OperatorSettings settings = OperatorSettings.defaults("registry.example/slatune:test");
    private TuningDriver driver;

    MockCluster(KubernetesClient client, SyntheticTarget target) {
        this.client = client;
        this.kubelet = new KubeletStandIn(client, NAMESPACE, KubeletStandIn.measuring(target));
        restart();
    }

    /** A new operator instance: nothing carried over but what the API server holds. */
    void restart() {
        driver = new TuningDriver(client, clock, settings, new SearchAdapter(), new TuningEvents(client, clock),
                new TuningMetrics(registry));
    }

    TuningDriver driver() {
        return driver;
    }

    SlaTuning apply(SlaTuning r) {
        return client.resource(r).inNamespace(NAMESPACE).serverSideApply();
    }

    SlaTuning create(SlaTuning r) {
        return client.resources(SlaTuning.class).inNamespace(NAMESPACE).resource(r).create();
    }

    SlaTuning get(String name) {
        return client.resources(SlaTuning.class).inNamespace(NAMESPACE).withName(name).get();
    }

    /** The Jobs the resource owns, as the informer of the operator would list them. */
    List<Job> ownedJobs(SlaTuning r) {
        return client.batch().v1().jobs().inNamespace(NAMESPACE)
                .withLabel(JobNames.MANAGED_BY, JobNames.MANAGED_BY_VALUE).list().getItems().stream()
                .filter(j -> j.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> o.getUid().equals(r.getMetadata().getUid())))
                .toList();
    }

    List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
    }

    /** One reconcile of {@code name}; returns what it did. */
    TuningDriver.Outcome reconcile(String name) {
        SlaTuning r = get(name);
        TuningDriver.Outcome out = driver.reconcile(r, ownedJobs(r));
        if (out.statusChanged()) {
            client.resources(SlaTuning.class).inNamespace(NAMESPACE).resource(r).updateStatus();
        }
        return out;
    }

    /** Reconciles and lets the kubelet run Jobs until the run ends; returns the final resource. */
    SlaTuning runToEnd(String name) {
        for (int i = 0; i < 500; i++) {
            reconcile(name);
            SlaTuning r = get(name);
            if (r.getStatus() != null && r.getStatus().getPhase() != null && r.getStatus().getPhase().terminal()) {
                return r;
            }
            kubelet.runPending();
            clock.advance(java.time.Duration.ofSeconds(30));
        }
        throw new AssertionError("the run of " + name + " did not end in 500 steps: " + get(name).getStatus());
    }
}
