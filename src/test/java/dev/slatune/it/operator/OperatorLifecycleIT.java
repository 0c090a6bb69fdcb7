package dev.slatune.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.api.Phase;
import dev.slatune.api.SlaTuning;
import dev.slatune.it.Await;
import dev.slatune.it.ControlPlane;
import dev.slatune.it.ControlPlaneExtension;
import dev.slatune.it.TestNamespace;
import dev.slatune.it.kubelet.ContainerExit;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's life on a real control plane: a restart mid-run resumes without a second Job for
 * any step, a spec change mid-run starts over for the new generation, invalid resources are
 * rejected by the API server's schema or reported by the operator, and a failing load pod is
 * retried and then reported.
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorLifecycleIT {

    static OperatorHarness h;

    @BeforeAll
    static void start(ControlPlane plane, KubernetesClient client, TestNamespace ns) {
        h = new OperatorHarness(plane, client, ns.name());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** Each test leaves the simulator idle for the next one. */
    @AfterEach
    void cleanUp() {
        for (SlaTuning r : h.tunings().inNamespace(h.namespace).list().getItems()) {
            h.deleteAndAwaitGone(r.getMetadata().getName());
        }
    }

    @Test
    void anOperatorRestartMidRunCreatesNoDuplicateJob() throws Exception {
        h.tunings()
                .inNamespace(h.namespace)
                .resource(ItTunings.seed1("restart", h.namespace, h.simulator.chatUrl()))
                .create();
        // The first value is recorded and the next one's Job exists: a run in the middle.
        Await.until("restart mid-run", Duration.ofSeconds(120), () -> h.jobs("restart"), jobs -> jobs.size() >= 2);
        Map<String, String> before = uids(h.jobs("restart"));

        h.restartOperator();
        SlaTuning r = h.awaitTerminal("restart");

        assertThat(r.getStatus().getPhase()).as(h.operatorLog()).isEqualTo(Phase.Succeeded);
        assertThat(r.getStatus().getResults().get(0).getMaxSatisfied()).isEqualTo(Simulator.EXPECTED_MAX_PARALLEL);
        List<Job> jobs = h.jobs("restart");
        // The Jobs made before the restart are the same objects (same uid), none made twice.
        Map<String, String> after = uids(jobs);
        before.forEach((name, uid) -> assertThat(after).containsEntry(name, uid));
        assertThat(jobs).hasSize(r.getStatus().getProbes().size());
        Set<String> steps = new HashSet<>();
        for (Job j : jobs) {
            Map<String, String> l = j.getMetadata().getLabels();
            assertThat(steps.add(l.get("slatune.dev/probe") + "/" + l.get("slatune.dev/run") + "/"
                            + l.get("slatune.dev/share")))
                    .as("one Job per step: " + j.getMetadata().getName())
                    .isTrue();
        }
    }

    @Test
    void aSpecChangeMidRunStartsOverForTheNewGeneration() {
        h.tunings()
                .inNamespace(h.namespace)
                .resource(ItTunings.seed1("change", h.namespace, h.simulator.chatUrl()))
                .create();
        Await.until("a Job of generation 1", Duration.ofSeconds(90), () -> h.jobs("change"), l -> !l.isEmpty());

        // p99 <= 1 s holds up to c = 1 only. A merge patch: the operator writes the resource's status
        // all along, so an update with a resourceVersion may meet a 409, as in any cluster.
        h.tunings()
                .inNamespace(h.namespace)
                .withName("change")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"rules\":[{\"p99_latency\":\"<=1\"}]}}");
        SlaTuning r = Await.until(
                "change finished for generation 2",
                OperatorHarness.RUN,
                () -> h.get("change"),
                x -> x.getStatus() != null
                        && x.getStatus().getPhase() != null
                        && x.getStatus().getPhase().terminal()
                        && Long.valueOf(2).equals(x.getStatus().getObservedGeneration()));

        assertThat(r.getMetadata().getGeneration()).isEqualTo(2);
        assertThat(r.getStatus().getPhase()).as(h.operatorLog()).isEqualTo(Phase.Succeeded);
        assertThat(r.getStatus().getResults()).singleElement().satisfies(g -> {
            assertThat(g.getCriteria()).contains("1");
            assertThat(g.getMaxSatisfied()).isEqualTo(1.0);
        });
        assertThat(h.jobs("change"))
                .isNotEmpty()
                .allSatisfy(j -> assertThat(j.getMetadata().getLabels()).containsEntry("slatune.dev/generation", "2"));
    }

    @Test
    void theSchemaRejectsWhatItCanExpress() {
        SlaTuning r = ItTunings.seed1("zero-runs", h.namespace, h.simulator.chatUrl());
        r.getSpec().setNumRuns(0);
        assertThatThrownBy(
                        () -> h.tunings().inNamespace(h.namespace).resource(r).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining("spec.numRuns");
        assertThat(h.get("zero-runs")).isNull();
    }

    @Test
    void theOperatorRejectsWhatTheSchemaCannotExpress() {
        // lowerBound > upperBound: a relation between two fields, which 1.20's schemas cannot state.
        SlaTuning r = ItTunings.seed1("inverted", h.namespace, h.simulator.chatUrl());
        r.getSpec().setLowerBound(100.0);
        h.tunings().inNamespace(h.namespace).resource(r).create();

        SlaTuning got = Await.until(
                "inverted reported",
                Duration.ofSeconds(60),
                () -> h.get("inverted"),
                x -> OperatorHarness.phase(x, Phase.Error));
        Condition ready = condition(got, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidUpperBound");
        assertThat(ready.getMessage()).startsWith("spec.upperBound");
        assertThat(h.jobs("inverted")).isEmpty();
    }

    @Test
    void aFailingLoadPodIsRetriedThenReported() {
        h.fakes.put("failing", launch -> ContainerExit.failed(1, "simulated crash"));
        SlaTuning r = ItTunings.seed1("failing", h.namespace, h.simulator.chatUrl());
        r.getSpec().getProbe().setRetries(1);
        h.tunings().inNamespace(h.namespace).resource(r).create();

        SlaTuning got = h.awaitTerminal("failing");

        assertThat(got.getStatus().getPhase()).isEqualTo(Phase.Error);
        List<Job> jobs = h.jobs("failing");
        assertThat(jobs)
                .extracting(j -> j.getMetadata().getLabels().get("slatune.dev/attempt"))
                .containsExactlyInAnyOrder("0", "1");
        assertThat(jobs).allSatisfy(j -> assertThat(j.getStatus().getFailed()).isEqualTo(1));
        String conditions = got.getStatus().getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
                .collect(Collectors.joining("\n"));
        assertThat(conditions)
                .contains("Ready=False ProbeFailed", "failed 2 time(s)", "exited with 1", "simulated crash");
        assertThat(got.getStatus().getProbes().get(0).getRuns().get(0).getReason())
                .isEqualTo("LoadPodFailed");
    }

    private static Map<String, String> uids(List<Job> jobs) {
        return jobs.stream()
                .collect(Collectors.toMap(
                        j -> j.getMetadata().getName(), j -> j.getMetadata().getUid()));
    }

    private static Condition condition(SlaTuning r, String type) {
        return r.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + r.getStatus()));
    }
}
