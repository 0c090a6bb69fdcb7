package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.Phase;
import dev.slatune.api.RunStatus;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.WorkerSpec;
import dev.slatune.metrics.ClientStats;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconcile hooks of issue 14 against a mock API server: one tuning per target, shares that
 * did not overlap, client-limited runs, and the allowlists.
 */
@EnableKubernetesMockClient(crud = true)
class LoadPodsDriverTest {

    KubernetesClient client;
    MockCluster cluster;

    @BeforeEach
    void setUp() throws IOException {
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
        cluster = new MockCluster(client, TuningReconcileTest.TARGET);
    }

    static Condition condition(SlaTuning r, String type) {
        return TuningReconcileTest.condition(r, type);
    }

    @Test
    void aSecondTuningOfTheSameTargetWaitsThenRuns() {
        cluster.create(Tunings.seed1("first"));
        cluster.create(Tunings.seed1("second"));
        cluster.reconcile("first");
        TuningReconcile.Outcome waiting = cluster.reconcile("second");
        SlaTuning second = cluster.get("second");
        assertThat(condition(second, "Progressing").getStatus()).isEqualTo("True");
        assertThat(condition(second, "Progressing").getReason()).isEqualTo("WaitingForTarget");
        assertThat(condition(second, "Progressing").getMessage()).contains("SlaTuning tuning/first");
        assertThat(waiting.requeueAfter()).contains(Duration.ofSeconds(10));
        assertThat(cluster.ownedJobs(second)).isEmpty();

        // The first one runs to its end, the second never has a Job meanwhile.
        for (int i = 0; i < 500 && !cluster.get("first").getStatus().getPhase().terminal(); i++) {
            cluster.kubelet.runPending();
            cluster.clock.advance(Duration.ofSeconds(30));
            cluster.reconcile("first");
            cluster.reconcile("second");
            if (!cluster.get("first").getStatus().getPhase().terminal()) {
                assertThat(cluster.ownedJobs(cluster.get("second")))
                        .as("step " + i)
                        .isEmpty();
                assertThat(condition(cluster.get("second"), "Progressing").getReason())
                        .isEqualTo("WaitingForTarget");
            }
        }
        assertThat(cluster.get("first").getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        SlaTuning done = cluster.runToEnd("second");
        assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(done.getStatus().getResult())
                .isEqualTo(cluster.get("first").getStatus().getResult());
    }

    @Test
    void waitingIsBoundedByTheTuningsOwnLimit() {
        cluster.create(Tunings.seed1("holder"));
        SlaTuning impatient = Tunings.seed1("impatient");
        impatient.getSpec().getTarget().setMaxWaitSeconds(60);
        cluster.create(impatient);
        cluster.reconcile("holder");
        cluster.reconcile("impatient");
        cluster.clock.advance(Duration.ofSeconds(61));
        cluster.reconcile("holder");
        cluster.reconcile("impatient");
        SlaTuning r = cluster.get("impatient");
        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Error);
        assertThat(condition(r, "Ready").getReason()).isEqualTo("TargetBusy");
        assertThat(condition(r, "Ready").getMessage()).contains("tuning/holder").contains("spec.target.maxWaitSeconds");
    }

    @Test
    void theSettingTurnsTheWaitOff() {
        cluster.settings = cluster.settings.withAccess(
                new OperatorSettings.Access(List.of(), List.of(), false, java.util.Optional.empty(), 3600, 15));
        cluster.restart();
        cluster.create(Tunings.seed1("one"));
        cluster.create(Tunings.seed1("two"));
        cluster.reconcile("one");
        cluster.reconcile("two");
        assertThat(cluster.jobs()).hasSize(2);
    }

    /** Shifts the window of share s1's results by {@code seconds}. */
    static Function<Job, KubeletStandIn.Exit> shifted(Function<Job, KubeletStandIn.Exit> inner, double seconds) {
        return job -> {
            KubeletStandIn.Exit e = inner.apply(job);
            if (!"1".equals(job.getMetadata().getLabels().get(JobNames.SHARE))) {
                return e;
            }
            ProbeResult r = ProbeResultCodec.fromJson(e.message());
            ProbeResult late = new ProbeResult(
                    r.schema(),
                    r.variable(),
                    r.value(),
                    r.parts(),
                    r.startedAtEpochMs() + (long) (seconds * 1e3),
                    r.windowSeconds(),
                    r.requests(),
                    r.rps(),
                    r.tps(),
                    r.inputTps(),
                    r.outputTokens(),
                    r.inputTokens(),
                    r.outputTokensEstimated(),
                    r.latency(),
                    r.ttft(),
                    r.tpot(),
                    r.itl(),
                    r.client(),
                    r.histograms());
            return new KubeletStandIn.Exit(0, ProbeResultCodec.toJson(late));
        };
    }

    @Test
    void sharesThatDidNotOverlapAreMeasuredAgainNotRecorded() {
        SlaTuning seed = Tunings.seed1("drift");
        seed.getSpec().getProbe().setParallelism(2);
        cluster.create(seed);
        cluster.reconcile("drift");
        Function<Job, KubeletStandIn.Exit> honest = KubeletStandIn.measuring(TuningReconcileTest.TARGET);
        cluster.kubelet.worker(shifted(honest, 60));
        cluster.kubelet.runPending();
        cluster.reconcile("drift");
        SlaTuning r = cluster.get("drift");
        RunStatus run = r.getStatus().getProbes().get(0).getRuns().get(0);
        assertThat(run.getAttempt())
                .as("%s", io.fabric8.kubernetes.client.utils.Serialization.asJson(r.getStatus()))
                .isEqualTo(1);
        assertThat(run.getMetrics()).isNull();
        assertThat(run.getReason()).isEqualTo("SharesNotOverlapping");
        assertThat(run.getMessage()).contains("share 1 began measuring 60.0 s after the first");
        // Every share of the new attempt gets one new agreed start, ahead of the attempt's start.
        List<Job> retry = cluster.ownedJobs(r).stream()
                .filter(j -> j.getMetadata().getName().contains("-a1-"))
                .toList();
        assertThat(retry)
                .hasSize(2)
                .extracting(j -> KubeletStandIn.flags(j).get("--start-at"))
                .doesNotContainNull()
                .containsOnly(retry.get(0).getMetadata().getAnnotations().get(LoadJobBuilder.START_AT_ANNOTATION));
        cluster.kubelet.worker(honest);
        cluster.kubelet.runPending();
        cluster.reconcile("drift");
        run = cluster.get("drift").getStatus().getProbes().get(0).getRuns().get(0);
        assertThat(run.getState()).isEqualTo(dev.slatune.api.RunState.Succeeded);
    }

    @Test
    void aClientLimitedRunIsMeasuredAgainOnMorePodsThenMarkedInTheStatus() {
        SlaTuning seed = Tunings.seed1("starved");
        seed.getSpec().setWorker(new WorkerSpec());
        seed.getSpec().getWorker().setMaxPods(2);
        cluster.create(seed);
        cluster.reconcile("starved");
        Function<Job, KubeletStandIn.Exit> honest = KubeletStandIn.measuring(TuningReconcileTest.TARGET);
        cluster.kubelet.worker(job -> {
            ProbeResult r = ProbeResultCodec.fromJson(honest.apply(job).message());
            ProbeResult limited = new ProbeResult(
                    r.schema(),
                    r.variable(),
                    r.value(),
                    r.parts(),
                    r.startedAtEpochMs(),
                    r.windowSeconds(),
                    r.requests(),
                    r.rps(),
                    r.tps(),
                    r.inputTps(),
                    r.outputTokens(),
                    r.inputTokens(),
                    r.outputTokensEstimated(),
                    r.latency(),
                    r.ttft(),
                    r.tpot(),
                    r.itl(),
                    new ClientStats(Double.NaN, 1, 0.2, 2, true, "used 97% of all CPUs"),
                    r.histograms());
            return new KubeletStandIn.Exit(0, ProbeResultCodec.toJson(limited));
        });
        cluster.kubelet.runPending();
        cluster.reconcile("starved");
        // One pod saturated: kept as evidence, the value measured again on two.
        var probe = cluster.get("starved").getStatus().getProbes().get(0);
        assertThat(probe.getRuns().get(0).getState()).isEqualTo(dev.slatune.api.RunState.ClientLimited);
        assertThat(probe.getRuns().get(0).getMessage()).contains("used 97% of all CPUs", "measured again with 2 pods");
        assertThat(probe.getClientLimited()).isNull();
        assertThat(probe.getPods()).isEqualTo(2);
        assertThat(probe.getRuns().get(1).getJobs()).hasSize(2);
        cluster.reconcile("starved"); // the Jobs of the retry are created once the status recording it is written
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(MockCluster.NAMESPACE)
                        .list()
                        .getItems())
                .extracting(j -> j.getMetadata().getName())
                .containsAll(probe.getRuns().get(1).getJobs());
        cluster.kubelet.runPending();
        cluster.reconcile("starved");
        // Two pods, the bound, saturated too: recorded, marked, never a pass.
        probe = cluster.get("starved").getStatus().getProbes().get(0);
        assertThat(probe.getRuns().get(1).getState()).isEqualTo(dev.slatune.api.RunState.Succeeded);
        assertThat(probe.getClientLimited()).isTrue();
        assertThat(probe.getRuns().get(1).getReason()).isEqualTo("ClientLimited");
        assertThat(probe.getRuns().get(1).getMessage())
                .contains("used 97% of all CPUs")
                .contains("spec.worker.maxPods 2")
                .contains("spec.worker.resources");
        assertThat(probe.getVerdicts())
                .allSatisfy(v -> assertThat(v.getVerdict()).isNotEqualTo("pass"));
        assertThat(client.v1()
                        .events()
                        .inNamespace(MockCluster.NAMESPACE)
                        .list()
                        .getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ClientLimitedRetry"))
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ClientLimited"));
    }

    @Test
    void anImageOutsideTheAllowlistIsRefusedNamingTheSetting() {
        SlaTuning seed = Tunings.seed1("foreign");
        seed.getSpec().setWorker(new WorkerSpec());
        seed.getSpec().getWorker().setImage("docker.io/attacker/miner:latest");
        cluster.create(seed);
        cluster.reconcile("foreign");
        SlaTuning r = cluster.get("foreign");
        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Error);
        assertThat(condition(r, "Ready").getReason()).isEqualTo("WorkerImageNotAllowed");
        assertThat(condition(r, "Ready").getMessage())
                .contains("docker.io/attacker/miner:latest")
                .contains("slatune.operator.allowed-worker-images");
        assertThat(cluster.jobs()).isEmpty();
    }

    @Test
    void allowlistedImagesAndAccountsRun() {
        cluster.settings = cluster.settings.withAccess(new OperatorSettings.Access(
                List.of("registry.example/slatune:*"),
                List.of("load-runner"),
                true,
                java.util.Optional.empty(),
                3600,
                15));
        cluster.restart();
        SlaTuning seed = Tunings.seed1("allowed");
        seed.getSpec().setWorker(new WorkerSpec());
        seed.getSpec().getWorker().setImage("registry.example/slatune:0.2.0");
        seed.getSpec().getWorker().setServiceAccountName("load-runner");
        cluster.create(seed);
        cluster.reconcile("allowed");
        assertThat(cluster.jobs()).singleElement().satisfies(j -> {
            assertThat(j.getSpec().getTemplate().getSpec().getServiceAccountName())
                    .isEqualTo("load-runner");
            assertThat(j.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage())
                    .isEqualTo("registry.example/slatune:0.2.0");
        });
        SlaTuning other = Tunings.seed1("other-account");
        other.getSpec().getTarget().setUrl("http://other:8000/v1/chat/completions");
        other.getSpec().setWorker(new WorkerSpec());
        other.getSpec().getWorker().setServiceAccountName("cluster-admin-ish");
        cluster.create(other);
        cluster.reconcile("other-account");
        assertThat(condition(cluster.get("other-account"), "Ready").getReason()).isEqualTo("ServiceAccountNotAllowed");
    }
}
