package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.RealTime;
import dev.slatune.api.Phase;
import dev.slatune.api.SlaTuning;
import dev.slatune.it.Await;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.FileInputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator as it runs: Quarkus, the operator SDK with its informers and event sources, the
 * CDI wiring, the finalizer and Cleaner, against the mock API server in CRUD mode, with the kubelet
 * stand-in finishing Jobs in the background.
 */
@RealTime
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SlaTuningOperatorTest {

    @Inject
    KubernetesClient client;

    @Inject
    Operator operator;

    @Inject
    MeterRegistry registry;

    static boolean started;
    ScheduledExecutorService kubelet;
    KubeletStandIn standIn;

    @BeforeEach
    void start() throws Exception {
        try (var in = new FileInputStream("crds/slatunings.slatune.dev-v1.yml")) {
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .load(in)
                    .item();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .createOr(c -> c.update());
        }
        standIn =
                new KubeletStandIn(client, MockCluster.NAMESPACE, KubeletStandIn.measuring(TuningReconcileTest.TARGET));
        kubelet = Executors.newSingleThreadScheduledExecutor();
        kubelet.scheduleWithFixedDelay(
                () -> {
                    try {
                        standIn.runPending();
                    } catch (RuntimeException e) {
                        // The next tick tries again; a Job deleted under our feet is not an error.
                    }
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
        // One operator for the class: Quarkus stops it at shutdown (a stopped operator does not restart).
        if (!started) {
            operator.start();
            started = true;
        }
    }

    @AfterEach
    void stop() {
        kubelet.shutdownNow();
    }

    @Test
    void theOperatorTunesTheFirstSeedExampleAndCleansUpOnDeletion() {
        SlaTuning seed = Tunings.seed1("op-seed1");
        seed.getSpec().setNumRuns(1);
        client.resources(SlaTuning.class)
                .inNamespace(MockCluster.NAMESPACE)
                .resource(seed)
                .create();

        await(
                Duration.ofSeconds(90),
                () -> phase("op-seed1") != null && phase("op-seed1").terminal());
        SlaTuning r = get("op-seed1");
        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(r.getStatus().getResults().get(0).getMaxSatisfied()).isEqualTo(5.0);
        assertThat(r.getStatus().getObservedGeneration())
                .isEqualTo(r.getMetadata().getGeneration());
        assertThat(r.getMetadata().getFinalizers()).isNotEmpty();
        assertThat(jobs()).isEqualTo(r.getStatus().getProbes().size());
        assertThat(registry.find("slatune.max.satisfied")
                        .tag("name", "op-seed1")
                        .gauge()
                        .value())
                .isEqualTo(5.0);
        // The status write comes before the actions that follow it (events, counters): wait for the count.
        await(
                Duration.ofSeconds(10),
                () -> registry.find("slatune.tunings").tag("phase", "Succeeded").counter() != null);
        assertThat(registry.find("slatune.tunings")
                        .tag("phase", "Succeeded")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);

        client.resources(SlaTuning.class)
                .inNamespace(MockCluster.NAMESPACE)
                .withName("op-seed1")
                .delete();
        await(Duration.ofSeconds(30), () -> get("op-seed1") == null);
        assertThat(jobs()).isZero();
    }

    @Test
    void anInvalidSpecIsReportedAndStartsNoJob() {
        SlaTuning bad = Tunings.seed1("op-bad");
        bad.getSpec().setLowerBound(100.0);
        client.resources(SlaTuning.class)
                .inNamespace(MockCluster.NAMESPACE)
                .resource(bad)
                .create();

        await(Duration.ofSeconds(30), () -> phase("op-bad") == Phase.Error);
        SlaTuning r = get("op-bad");
        var ready = r.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidUpperBound");
        assertThat(ready.getMessage()).startsWith("spec.upperBound");
        assertThat(jobs()).isZero();
    }

    private long jobs() {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(MockCluster.NAMESPACE)
                .list()
                .getItems()
                .size();
    }

    private SlaTuning get(String name) {
        return client.resources(SlaTuning.class)
                .inNamespace(MockCluster.NAMESPACE)
                .withName(name)
                .get();
    }

    private Phase phase(String name) {
        SlaTuning r = get(name);
        return r == null || r.getStatus() == null ? null : r.getStatus().getPhase();
    }

    static void await(Duration timeout, BooleanSupplier done) {
        Await.until("the operator to get there", timeout, Duration.ofMillis(100), done);
    }
}
