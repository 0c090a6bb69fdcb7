package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.api.ExpectSpec;
import dev.slatune.api.GroupResultStatus;
import dev.slatune.api.Phase;
import dev.slatune.api.ProbeStatus;
import dev.slatune.api.RunState;
import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's logic against a mock API server in CRUD mode, with a kubelet stand-in that
 * measures a synthetic endpoint whose answers are known: p99 latency 0.25 + 0.3 x concurrency
 * seconds (so p99 <= 2 s holds up to 5), p99 TTFT 0.0026 x rate seconds (so < 0.05 holds up to 19).
 */
@EnableKubernetesMockClient(crud = true)
class TuningReconcileTest {

    static final SyntheticTarget TARGET = SyntheticTarget.of(c -> 0.25 + 0.3 * c, r -> 0.0026 * r);

    KubernetesMockServer server;
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
        cluster = new MockCluster(client, TARGET);
    }

    @Test
    void seedExample1FindsTheMostConcurrencyUnderP99Latency() {
        cluster.create(Tunings.seed1("seed1"));
        SlaTuning r = cluster.runToEnd("seed1");

        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(r.getStatus().getResults()).singleElement().satisfies(g -> {
            assertThat(g.getMaxSatisfied()).isEqualTo(5.0);
            assertThat(g.getVariable()).isEqualTo("parallel");
            assertThat(g.getNote()).isEqualTo("Satisfied");
        });
        assertThat(r.getStatus().getResult()).isEqualTo("5");
        assertThat(condition(r, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(r, "SlaSatisfied").getStatus()).isEqualTo("True");
        assertThat(condition(r, "Progressing").getStatus()).isEqualTo("False");
        assertThat(r.getStatus().getConditions())
                .allSatisfy(c -> assertThat(c.getObservedGeneration())
                        .isEqualTo(r.getMetadata().getGeneration()));
        // EvalScope's walk: 2, 4 pass, 8 fails, then bisection 6 (fails), 5 (passes); 3 runs each.
        assertThat(r.getStatus().getProbes())
                .extracting(ProbeStatus::getValue)
                .containsExactly(2.0, 4.0, 8.0, 6.0, 5.0);
        assertThat(r.getStatus().getProbes()).allSatisfy(p -> {
            assertThat(p.getRuns()).hasSize(3).allSatisfy(run -> {
                assertThat(run.getState()).isEqualTo(RunState.Succeeded);
                assertThat(run.getJobs()).hasSize(1);
                assertThat(RunRecords.fromSummary(run.getSummary()).histograms())
                        .isEmpty();
            });
            assertThat(p.getMetrics().getRequests())
                    .isEqualTo(3L * p.getRuns().get(0).getMetrics().getRequests());
            // One histogram set per value, pooled over its runs.
            assertThat(p.getPooled()).contains("\"latency\"").contains("\"parts\":3");
            assertThat(p.getVerdicts())
                    .singleElement()
                    .satisfies(v -> assertThat(v.getPass()).isEqualTo(p.getValue() <= 5));
        });
        assertThat(cluster.jobs()).hasSize(15);
        assertThat(new HashSet<>(cluster.kubelet.ran)).hasSize(cluster.kubelet.ran.size());
        assertThat(cluster.registry
                        .find("slatune.max.satisfied")
                        .tag("name", "seed1")
                        .gauge()
                        .value())
                .isEqualTo(5.0);
    }

    @Test
    void seedExample2FindsTheConcurrencyOfMaximumTps() {
        // tps = 100 tokens x concurrency / latency peaks where latency grows as fast as concurrency.
        cluster = new MockCluster(client, SyntheticTarget.of(c -> 0.5 * (1 + Math.pow(c / 48, 2)), c -> 0.02));
        SlaTuning seed = Tunings.seed2("seed2");
        seed.getSpec().getProbe().setRequests(null);
        cluster.create(seed);
        SlaTuning r = cluster.runToEnd("seed2");

        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        GroupResultStatus g = r.getStatus().getResults().get(0);
        assertThat(g.getCriteria()).contains("tps");
        assertThat(g.getMaxSatisfied()).isBetween(32.0, 64.0);
        assertThat(g.getNote()).startsWith("Best tps");
    }

    @Test
    void seedExample3FindsTheHighestRateUnderEachTtftBound() {
        SlaTuning seed = Tunings.seed3("seed3");
        seed.getSpec().getProbe().setRequests(null);
        cluster.create(seed);
        SlaTuning r = cluster.runToEnd("seed3");

        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        List<GroupResultStatus> results = r.getStatus().getResults();
        assertThat(results).hasSize(2);
        assertThat(results.get(0).getMaxSatisfied()).isEqualTo(19.0);
        assertThat(results.get(0).getVariable()).isEqualTo("rate");
        assertThat(results.get(1).getMaxSatisfied()).isNull();
        assertThat(results.get(1).getNote()).isEqualTo("Failed at lower bound (10)");
        assertThat(r.getStatus().getResult()).isEqualTo("19, none");
        // The start (2) is below the lower bound: the search starts at 10, one run per value.
        assertThat(r.getStatus().getProbes().get(0).getValue()).isEqualTo(10.0);
        assertThat(r.getStatus().getProbes())
                .allSatisfy(p -> assertThat(p.getRuns()).hasSize(1));
        assertThat(condition(r, "SlaSatisfied").getStatus()).isEqualTo("False");
        assertThat(condition(r, "SlaSatisfied").getReason()).isEqualTo("NotSatisfied");
        assertThat(condition(r, "Ready").getStatus()).isEqualTo("True");
        Job first = cluster.jobs().stream()
                .filter(j -> j.getMetadata().getName().equals(MockCluster.job(r, 0, 0, 0, 0)))
                .findFirst()
                .orElseThrow();
        assertThat(KubeletStandIn.flags(first))
                .containsEntry("--rate", "10")
                .containsEntry("--number", "20")
                .containsEntry("--warmup-num", "4")
                .containsEntry("--max-tokens", "512");
    }

    @Test
    void aRestartedOperatorResumesWithoutDuplicateJobs() {
        cluster.create(Tunings.seed1("restart"));
        for (int i = 0; i < 4; i++) {
            cluster.reconcile("restart");
            cluster.kubelet.runPending();
        }
        // Crash after writing the status that records the next attempt, before creating its Job.
        SlaTuning r = cluster.get("restart");
        int recorded = runs(r);
        int jobsBefore = cluster.jobs().size();
        assertThatThrownBy(() -> cluster.driver().reconcile(r, cluster.ownedJobs(r), x -> {
                    cluster.writeStatus(x);
                    throw new IllegalStateException("crash");
                }))
                .hasMessage("crash");
        assertThat(cluster.jobs()).hasSize(jobsBefore);
        assertThat(runs(cluster.get("restart"))).isEqualTo(recorded + 1);

        cluster.restart();
        cluster.reconcile("restart");
        assertThat(cluster.jobs()).hasSize(jobsBefore + 1);
        assertThat(runs(cluster.get("restart"))).isEqualTo(recorded + 1);

        SlaTuning done = cluster.runToEnd("restart");
        assertThat(done.getStatus().getResults().get(0).getMaxSatisfied()).isEqualTo(5.0);
        assertThat(cluster.jobs()).hasSize(15);
        assertThat(new HashSet<>(cluster.kubelet.ran))
                .hasSize(cluster.kubelet.ran.size())
                .hasSize(15);
    }

    @Test
    void aStatusWriteThatFailsStartsNoLoad() {
        cluster.create(Tunings.seed1("nowrite"));
        SlaTuning r = cluster.get("nowrite");
        assertThatThrownBy(() -> cluster.driver().reconcile(r, cluster.ownedJobs(r), x -> {
                    throw new IllegalStateException("413 Request Entity Too Large");
                }))
                .hasMessageContaining("413");
        assertThat(cluster.jobs()).isEmpty();
    }

    @Test
    void aFailedJobIsRetriedThenTheRunContinues() {
        SlaTuning seed = Tunings.seed1("retry");
        seed.getSpec().setNumRuns(1);
        cluster.create(seed);
        cluster.reconcile("retry");
        Job first = cluster.jobs().get(0);
        cluster.kubelet.complete(first, new KubeletStandIn.Exit(137, "java.lang.OutOfMemoryError: boom"));
        cluster.reconcile("retry");

        SlaTuning r = cluster.get("retry");
        var run = r.getStatus().getProbes().get(0).getRuns().get(0);
        assertThat(run.getAttempt()).isEqualTo(1);
        assertThat(run.getFailures()).isEqualTo(1);
        assertThat(run.getState()).isEqualTo(RunState.Pending);
        assertThat(run.getReason()).isEqualTo("LoadPodFailed");
        assertThat(run.getJobs()).containsExactly(MockCluster.job(r, 0, 0, 1, 0));

        SlaTuning done = cluster.runToEnd("retry");
        assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(done.getStatus().getResults().get(0).getMaxSatisfied()).isEqualTo(5.0);
    }

    @Test
    void aJobThatKeepsFailingEndsTheRunInError() {
        cluster.kubelet.worker(job -> new KubeletStandIn.Exit(1, "java.lang.IllegalStateException: boom"));
        cluster.create(Tunings.seed1("crash"));
        SlaTuning r = cluster.runToEnd("crash");

        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Error);
        Condition ready = condition(r, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ProbeFailed");
        assertThat(ready.getMessage())
                .contains("parallel=2")
                .contains("3 time(s)")
                .contains("boom");
        // Retries default to 2: three attempts, then no more Jobs.
        assertThat(cluster.jobs())
                .extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        MockCluster.job(r, 0, 0, 0, 0), MockCluster.job(r, 0, 0, 1, 0), MockCluster.job(r, 0, 0, 2, 0));
        assertThat(r.getStatus().getProbes().get(0).getRuns().get(0).getState()).isEqualTo(RunState.Failed);
        assertThat(r.getStatus().getCompletionTime()).isNotNull();
    }

    @Test
    void aLoadPodRejectingItsConfigurationFailsFast() {
        cluster.kubelet.worker(job -> new KubeletStandIn.Exit(2, "--model: the target serves no model 'qwen'"));
        cluster.create(Tunings.seed1("badconfig"));
        SlaTuning r = cluster.runToEnd("badconfig");
        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Error);
        assertThat(condition(r, "Ready").getReason()).isEqualTo("BadConfiguration");
        assertThat(condition(r, "Ready").getMessage()).contains("serves no model");
        assertThat(cluster.jobs()).hasSize(1);
    }

    @Test
    void aJobPastItsDeadlineIsRetriedWithTheJobControllersReason() {
        SlaTuning seed = Tunings.seed1("deadline");
        seed.getSpec().setNumRuns(1);
        cluster.create(seed);
        cluster.reconcile("deadline");
        cluster.kubelet.failWithoutPod(
                cluster.jobs().get(0), "DeadlineExceeded", "Job was active longer than specified deadline");
        cluster.reconcile("deadline");
        var run =
                cluster.get("deadline").getStatus().getProbes().get(0).getRuns().get(0);
        assertThat(run.getReason()).isEqualTo("DeadlineExceeded");
        assertThat(run.getMessage()).contains("longer than specified deadline");
        assertThat(run.getAttempt()).isEqualTo(1);
        assertThat(cluster.runToEnd("deadline").getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    }

    @Test
    void aRunningJobDeletedByHandIsNotCreatedAgainAndTheRunSaysAborted() {
        cluster.create(Tunings.seed1("lost"));
        cluster.reconcile("lost");
        cluster.reconcile("lost"); // the Job is seen: the attempt runs
        String name = MockCluster.job(cluster.get("lost"), 0, 0, 0, 0);
        client.batch()
                .v1()
                .jobs()
                .inNamespace(MockCluster.NAMESPACE)
                .withName(name)
                .delete();
        assertThat(cluster.jobs()).isEmpty();
        cluster.reconcile("lost");
        cluster.reconcile("lost");
        assertThat(cluster.jobs()).isEmpty();
        SlaTuning r = cluster.get("lost");
        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Error);
        assertThat(r.getStatus().getProbes().get(0).getRuns().get(0).getState()).isEqualTo(RunState.Aborted);
        assertThat(condition(r, "Ready").getReason()).isEqualTo("RunAborted");
        assertThat(condition(r, "Ready").getMessage()).contains(name).contains("not re-created");
    }

    @Test
    void aRecordedJobRemovedByItsTtlIsNeverRunAgain() {
        SlaTuning seed = Tunings.seed1("ttl");
        seed.getSpec().setNumRuns(1);
        cluster.create(seed);
        cluster.reconcile("ttl");
        cluster.kubelet.runPending();
        cluster.reconcile("ttl");
        SlaTuning r = cluster.get("ttl");
        String recorded = MockCluster.job(r, 0, 0, 0, 0);
        assertThat(r.getStatus().getProbes().get(0).getRuns().get(0).getState()).isEqualTo(RunState.Succeeded);
        client.batch()
                .v1()
                .jobs()
                .inNamespace(MockCluster.NAMESPACE)
                .withName(recorded)
                .delete();
        cluster.reconcile("ttl");
        assertThat(cluster.jobs()).extracting(j -> j.getMetadata().getName()).doesNotContain(recorded);
        assertThat(cluster.runToEnd("ttl").getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(cluster.kubelet.ran).doesNotHaveDuplicates();
    }

    @Test
    void anUnreachableTargetFailsFastWithItsOwnReason() {
        cluster.kubelet.worker(job -> new KubeletStandIn.Exit(3, "connection refused: vllm.llm.svc:8000"));
        cluster.create(Tunings.seed1("unreachable"));
        SlaTuning r = cluster.runToEnd("unreachable");

        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Error);
        assertThat(condition(r, "Ready").getReason()).isEqualTo("TargetUnreachable");
        assertThat(condition(r, "Ready").getMessage()).contains("connection refused");
        assertThat(cluster.jobs()).hasSize(1);
    }

    @Test
    void aSpecChangeMidRunCancelsTheJobsAndStartsOver() {
        cluster.create(Tunings.seed1("change"));
        cluster.reconcile("change");
        cluster.kubelet.runPending();
        cluster.reconcile("change");
        SlaTuning r = cluster.get("change");
        assertThat(r.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(runs(r)).isEqualTo(2);
        String running =
                r.getStatus().getProbes().get(0).getRuns().get(1).getJobs().get(0);

        r.getSpec().setRules(List.of(Map.of("p99_latency", "<=1")));
        client.resources(SlaTuning.class)
                .inNamespace(MockCluster.NAMESPACE)
                .resource(r)
                .update();
        assertThat(cluster.get("change").getMetadata().getGeneration()).isEqualTo(2L);
        cluster.reconcile("change");

        SlaTuning after = cluster.get("change");
        assertThat(after.getStatus().getObservedGeneration()).isEqualTo(2L);
        assertThat(after.getStatus().getProbes())
                .singleElement()
                .satisfies(p ->
                        assertThat(p.getRuns().get(0).getJobs()).containsExactly(MockCluster.job(after, 0, 0, 0, 0)));
        assertThat(MockCluster.job(after, 0, 0, 0, 0)).contains("-g2-");
        // Every Job of generation 1 is gone, the one still running included.
        assertThat(cluster.jobs())
                .extracting(j -> j.getMetadata().getName())
                .doesNotContain(running)
                .containsExactly(MockCluster.job(after, 0, 0, 0, 0));

        SlaTuning done = cluster.runToEnd("change");
        // p99 latency 0.25 + 0.3c <= 1 holds up to c = 2.
        assertThat(done.getStatus().getResults().get(0).getMaxSatisfied()).isEqualTo(2.0);
    }

    @Test
    void changingRunIdRunsAnUnchangedSpecAgain() {
        SlaTuning seed = Tunings.seed1("rerun");
        seed.getSpec().setNumRuns(1);
        cluster.create(seed);
        SlaTuning first = cluster.runToEnd("rerun");
        int jobs = cluster.jobs().size();

        first.getSpec().setRunId("2026-11-28");
        client.resources(SlaTuning.class)
                .inNamespace(MockCluster.NAMESPACE)
                .resource(first)
                .update();
        SlaTuning second = cluster.runToEnd("rerun");
        assertThat(second.getStatus().getObservedGeneration()).isEqualTo(2L);
        assertThat(second.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(cluster.kubelet.ran).hasSize(2 * jobs);
    }

    @Test
    void aFinishedRunStaysFinished() {
        SlaTuning seed = Tunings.seed1("stays");
        seed.getSpec().setNumRuns(1);
        cluster.create(seed);
        SlaTuning done = cluster.runToEnd("stays");
        int jobs = cluster.jobs().size();
        cluster.restart();
        TuningReconcile.Outcome again = cluster.reconcile("stays");
        assertThat(again.statusChanged()).isFalse();
        assertThat(again.requeueAfter()).isEmpty();
        assertThat(cluster.jobs()).hasSize(jobs);
        assertThat(cluster.get("stays").getStatus().getCompletionTime())
                .isEqualTo(done.getStatus().getCompletionTime());
    }

    @Test
    void expectMinSatisfiedFailsTheRunBelowIt() {
        SlaTuning seed = Tunings.seed1("gate");
        seed.getSpec().setNumRuns(1);
        ExpectSpec expect = new ExpectSpec();
        expect.setMinSatisfied(8.0);
        seed.getSpec().setExpect(expect);
        cluster.create(seed);
        SlaTuning r = cluster.runToEnd("gate");

        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(r.getStatus().getResult()).isEqualTo("5");
        assertThat(condition(r, "SlaSatisfied").getStatus()).isEqualTo("False");
        assertThat(condition(r, "SlaSatisfied").getReason()).isEqualTo("BelowExpectation");
        assertThat(condition(r, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(r, "Ready").getMessage())
                .contains("expected minimum 8")
                .contains("(5)");
    }

    @Test
    void expectMinSatisfiedAtOrBelowTheAnswerPasses() {
        SlaTuning seed = Tunings.seed1("gate-ok");
        seed.getSpec().setNumRuns(1);
        ExpectSpec expect = new ExpectSpec();
        expect.setMinSatisfied(5.0);
        seed.getSpec().setExpect(expect);
        cluster.create(seed);
        SlaTuning r = cluster.runToEnd("gate-ok");
        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(condition(r, "SlaSatisfied").getStatus()).isEqualTo("True");
    }

    @Test
    void severalPodsShareOneRunAndTheirResultsMerge() {
        SlaTuning seed = Tunings.seed1("shared");
        seed.getSpec().setNumRuns(1);
        seed.getSpec().getProbe().setParallelism(3);
        cluster.create(seed);
        SlaTuning r = cluster.runToEnd("shared");

        assertThat(r.getStatus().getResults().get(0).getMaxSatisfied()).isEqualTo(5.0);
        ProbeStatus at8 = r.getStatus().getProbes().stream()
                .filter(p -> p.getValue() == 8.0)
                .findFirst()
                .orElseThrow();
        assertThat(at8.getRuns().get(0).getJobs())
                .containsExactly(
                        MockCluster.job(r, 2, 0, 0, 0), MockCluster.job(r, 2, 0, 0, 1), MockCluster.job(r, 2, 0, 0, 2));
        assertThat(at8.getRuns().get(0).getMetrics().getRequests()).isEqualTo(40L);
        List<String> parallel = cluster.jobs().stream()
                .filter(j -> j.getMetadata().getName().startsWith("shared-g1-p2"))
                .map(j -> KubeletStandIn.flags(j).get("--parallel"))
                .sorted()
                .toList();
        assertThat(parallel).containsExactly("2", "3", "3");
        // At concurrency 2 only two pods can take a share.
        assertThat(r.getStatus().getProbes().get(0).getRuns().get(0).getJobs()).hasSize(2);
    }

    @Test
    void cooldownWaitsBetweenRuns() {
        SlaTuning seed = Tunings.seed1("cool");
        seed.getSpec().getProbe().setCooldownSeconds(120);
        cluster.create(seed);
        cluster.reconcile("cool");
        cluster.kubelet.runPending();
        TuningReconcile.Outcome out = cluster.reconcile("cool");
        assertThat(out.requeueAfter()).contains(Duration.ofSeconds(120));
        assertThat(cluster.jobs()).hasSize(1);
        cluster.clock.advance(Duration.ofSeconds(121));
        cluster.reconcile("cool");
        assertThat(cluster.jobs()).hasSize(2);
    }

    @Test
    void deletionRemovesTheJobs() {
        cluster.create(Tunings.seed1("gone"));
        cluster.reconcile("gone");
        cluster.kubelet.runPending();
        cluster.reconcile("gone");
        SlaTuning r = cluster.get("gone");
        assertThat(cluster.ownedJobs(r)).hasSize(2);
        cluster.driver().cleanup(r, cluster.ownedJobs(r));
        assertThat(cluster.jobs()).isEmpty();
    }

    @Test
    void jobsFollowTheContract() {
        SlaTuning seed = Tunings.seed1("contract");
        seed.getSpec().getTarget().setApiKeySecretRef(new dev.slatune.api.SecretKeyReference("llm-key", "token"));
        cluster.create(seed);
        cluster.reconcile("contract");
        SlaTuning r = cluster.get("contract");
        Job job = cluster.jobs().get(0);
        assertThat(job.getMetadata().getName())
                .isEqualTo(MockCluster.job(r, 0, 0, 0, 0))
                .matches("contract-g1-p0-r0-a0-s0-[0-9a-f]{5}");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getUid()).isEqualTo(r.getMetadata().getUid());
            assertThat(o.getKind()).isEqualTo("SlaTuning");
            assertThat(o.getController()).isTrue();
        });
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/slatune:test");
        assertThat(c.getArgs()).startsWith("load", "--url", "http://vllm.llm.svc:8000/v1/chat/completions");
        assertThat(c.getArgs()).contains("--parallel", "2", "--termination-log", "/dev/termination-log");
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getEnv())
                .filteredOn(e -> e.getName().equals("SLATUNE_API_KEY"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getName()).isEqualTo("SLATUNE_API_KEY");
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("llm-key");
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
                });
        assertThat(job.getMetadata().getLabels())
                .containsEntry(JobNames.TUNING, "contract")
                .containsEntry(JobNames.GENERATION, "1");
        // The operator never reads Secrets: nothing in the test server was asked for one.
        assertThat(client.secrets().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Running);
        assertThat(condition(r, "Progressing").getReason()).isEqualTo("ProbeRunning");
        assertThat(r.getStatus().getProbes().get(0).getRuns().get(0).getState()).isEqualTo(RunState.Pending);
        assertThat(job.getMetadata().getLabels())
                .containsEntry(JobNames.TUNING_UID, r.getMetadata().getUid());
        assertThat(client.v1()
                        .events()
                        .inNamespace(MockCluster.NAMESPACE)
                        .list()
                        .getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ProbeStarted"));
    }

    static int runs(SlaTuning r) {
        return r.getStatus().getProbes().stream()
                .mapToInt(p -> p.getRuns().size())
                .sum();
    }

    static Condition condition(SlaTuning r, String type) {
        return r.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no condition " + type + " in " + r.getStatus().getConditions()));
    }
}
