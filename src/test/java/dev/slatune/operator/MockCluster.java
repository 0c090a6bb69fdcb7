package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;

/**
 * Drives {@link TuningReconcile} against a mock API server the way the operator SDK does: read the
 * resource and its Jobs, reconcile (which writes the status before it creates Jobs); a {@link KubeletStandIn}
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
    private TuningReconcile driver;

    MockCluster(KubernetesClient client, SyntheticTarget target) {
        this.client = client;
        this.kubelet = new KubeletStandIn(client, NAMESPACE, KubeletStandIn.measuring(target));
        restart();
    }

    /** A new operator instance: nothing carried over but what the API server holds. */
    void restart() {
        TuningEvents events = new TuningEvents(client, clock);
        driver = new TuningReconcile(
                new Observer(client),
                new Decider(settings, new SearchAdapter(), java.time.Duration.ofMinutes(2), Decider.RunCheck.NONE),
                new Actor(client, settings, events, new TuningMetrics(registry)),
                clock,
                TargetGate.of(client, clock, settings, events));
    }

    TuningReconcile driver() {
        return driver;
    }

    SlaTuning apply(SlaTuning r) {
        return client.resource(r).inNamespace(NAMESPACE).serverSideApply();
    }

    SlaTuning create(SlaTuning r) {
        return client.resources(SlaTuning.class)
                .inNamespace(NAMESPACE)
                .resource(r)
                .create();
    }

    SlaTuning get(String name) {
        return client.resources(SlaTuning.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
    }

    /** The Jobs the resource owns, as the informer of the operator would list them. */
    List<Job> ownedJobs(SlaTuning r) {
        return client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withLabel(JobNames.MANAGED_BY, JobNames.MANAGED_BY_VALUE)
                .list()
                .getItems()
                .stream()
                .filter(j -> j.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> o.getUid().equals(r.getMetadata().getUid())))
                .toList();
    }

    List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
    }

    /** One reconcile of {@code name}; returns what it did. */
    TuningReconcile.Outcome reconcile(String name) {
        SlaTuning r = get(name);
        return driver.reconcile(r, ownedJobs(r), this::writeStatus);
    }

    /** The status write of the operator: a PUT with the resource version (optimistic locking). */
    SlaTuning writeStatus(SlaTuning r) {
        return client.resources(SlaTuning.class)
                .inNamespace(NAMESPACE)
                .resource(r)
                .updateStatus();
    }

    /** The name of a load Job of {@code r} in its current history. */
    static String job(SlaTuning r, int probe, int run, int attempt, int share) {
        long g = r.getStatus() != null && r.getStatus().getRunGeneration() != null
                ? r.getStatus().getRunGeneration()
                : r.getMetadata().getGeneration();
        return JobKey.of(r, g, probe, run, attempt, share).name();
    }

    /** Reconciles and lets the kubelet run Jobs until the run ends; returns the final resource. */
    SlaTuning runToEnd(String name) {
        for (int i = 0; i < 500; i++) {
            reconcile(name);
            SlaTuning r = get(name);
            if (r.getStatus() != null
                    && r.getStatus().getPhase() != null
                    && r.getStatus().getPhase().terminal()) {
                return r;
            }
            kubelet.runPending();
            clock.advance(java.time.Duration.ofSeconds(30));
        }
        throw new AssertionError(
                "the run of " + name + " did not end in 500 steps: " + get(name).getStatus());
    }
}
