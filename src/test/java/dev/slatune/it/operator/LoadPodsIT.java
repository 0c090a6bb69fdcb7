package dev.slatune.it.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.Phase;
import dev.slatune.api.RunState;
import dev.slatune.api.RunStatus;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.WorkerSpec;
import dev.slatune.it.Await;
import dev.slatune.it.ControlPlane;
import dev.slatune.it.ControlPlaneExtension;
import dev.slatune.it.TestNamespace;
import dev.slatune.it.kubelet.ContainerExit;
import dev.slatune.it.kubelet.ContainerRunner;
import dev.slatune.it.kubelet.ProcessContainerRunner;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14 on a real control plane: one tuning per target (two SlaTunings against one simulator
 * never have load Jobs running at once, both get the right answer, the second waited), a multi-pod
 * run whose shares did not overlap is measured again, and a non-allowlisted image is refused.
 */
@ExtendWith(ControlPlaneExtension.class)
class LoadPodsIT {

    static final int DRIFT_PROBE_SECONDS = 20;

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

    @AfterEach
    void cleanUp() {
        h.fakes.clear();
        for (SlaTuning r : h.tunings().inNamespace(h.namespace).list().getItems()) {
            h.deleteAndAwaitGone(r.getMetadata().getName());
        }
    }

    static boolean unfinished(Job j) {
        return j.getStatus() == null
                || j.getStatus().getConditions() == null
                || j.getStatus().getConditions().stream()
                        .noneMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                && "True".equals(c.getStatus()));
    }

    @Test
    void twoTuningsOfOneTargetNeverLoadItAtOnce() throws Exception {
        String url = h.simulator.chatUrl();
        h.tunings()
                .inNamespace(h.namespace)
                .resource(ItTunings.seed1("first", h.namespace, url))
                .create();
        h.tunings()
                .inNamespace(h.namespace)
                .resource(ItTunings.seed1("second", h.namespace, url))
                .create();

        // Watch the Jobs all along: never an unfinished Job of both at the same moment.
        Set<String> overlaps = ConcurrentHashMap.newKeySet();
        Set<String> waitedFor = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(
                () -> {
                    while (!done.get()) {
                        List<String> busy =
                                h.client.batch().v1().jobs().inNamespace(h.namespace).list().getItems().stream()
                                        .filter(LoadPodsIT::unfinished)
                                        .map(j -> j.getMetadata().getLabels().get("slatune.dev/tuning"))
                                        .distinct()
                                        .toList();
                        if (busy.size() > 1) {
                            overlaps.add(String.join(" and ", busy));
                        }
                        for (SlaTuning r :
                                h.tunings().inNamespace(h.namespace).list().getItems()) {
                            if (r.getStatus() != null) {
                                r.getStatus().getConditions().stream()
                                        .filter(c -> "Progressing".equals(c.getType())
                                                && "WaitingForTarget".equals(c.getReason())
                                                && "True".equals(c.getStatus()))
                                        .forEach(c ->
                                                waitedFor.add(r.getMetadata().getName() + ": " + c.getMessage()));
                            }
                        }
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "target-watcher");
        watcher.start();
        SlaTuning first;
        SlaTuning second;
        try {
            first = h.awaitTerminal("first");
            second = h.awaitTerminal("second");
        } finally {
            done.set(true);
            watcher.join();
        }

        for (SlaTuning r : List.of(first, second)) {
            assertThat(r.getStatus().getPhase())
                    .as(r.getMetadata().getName() + "\n" + h.operatorLog())
                    .isEqualTo(Phase.Succeeded);
            assertThat(r.getStatus().getResults().get(0).getMaxSatisfied()).isEqualTo(Simulator.EXPECTED_MAX_PARALLEL);
        }
        assertThat(overlaps).as("moments when both tunings had load Jobs").isEmpty();
        // Whichever won the Lease, the other one waited and said for whom.
        assertThat(waitedFor)
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m)
                        .containsAnyOf("SlaTuning " + h.namespace + "/first", "SlaTuning " + h.namespace + "/second"));
        assertThat(h.client
                        .resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class)
                        .inNamespace(h.namespace)
                        .list()
                        .getItems())
                .as("target Leases are released when the tunings finish")
                .noneMatch(l -> l.getMetadata().getName().startsWith("slatune-target-"));
    }

    @Test
    void sharesThatDidNotOverlapAreMeasuredAgain() {
        // Share 1 of the first attempt of the first value arrives well after the agreed start.
        ContainerRunner real = ProcessContainerRunner.slatune(Path.of("target/kubelet-logs"));
        h.fakes.put("drift", launch -> {
            if (launch.pod().contains("-p0-r0-a0-s1-")) {
                Thread.sleep((OperatorProcess.SHARE_START_LEAD_SECONDS + DRIFT_PROBE_SECONDS) * 1000L);
            }
            return real.run(launch);
        });
        SlaTuning r = ItTunings.seed1("drift", h.namespace, h.simulator.chatUrl());
        r.getSpec().getProbe().setParallelism(2);
        // A window long enough that 90% overlap tolerates a busy machine's jitter (2 s).
        r.getSpec().getProbe().setDurationSeconds(DRIFT_PROBE_SECONDS);
        h.tunings().inNamespace(h.namespace).resource(r).create();

        SlaTuning got = Await.until(
                "the first value of drift recorded",
                Duration.ofMinutes(10),
                () -> h.get("drift"),
                x -> x.getStatus() != null
                                && !x.getStatus().getProbes().isEmpty()
                                && x.getStatus().getProbes().get(0).getRuns().stream()
                                        .anyMatch(run -> run.getState() == RunState.Succeeded)
                        || x.getStatus() != null
                                && x.getStatus().getPhase() != null
                                && x.getStatus().getPhase().terminal());
        RunStatus run = got.getStatus().getProbes().get(0).getRuns().get(0);
        assertThat(run.getState()).as(h.operatorLog()).isEqualTo(RunState.Succeeded);
        assertThat(run.getAttempt())
                .as("measured again, not recorded from the drifted attempt")
                .isEqualTo(1);
        List<Job> first = h.jobs("drift").stream()
                .filter(j -> "0".equals(j.getMetadata().getLabels().get("slatune.dev/probe")))
                .toList();
        assertThat(first)
                .extracting(j -> j.getMetadata().getLabels().get("slatune.dev/attempt"))
                .containsExactlyInAnyOrder("0", "0", "1", "1");
        // Both shares of an attempt were told the same start.
        for (String attempt : List.of("0", "1")) {
            assertThat(first.stream()
                            .filter(j ->
                                    attempt.equals(j.getMetadata().getLabels().get("slatune.dev/attempt")))
                            .map(j -> j.getMetadata().getAnnotations().get("slatune.dev/start-at"))
                            .distinct()
                            .toList())
                    .as("attempt " + attempt)
                    .singleElement()
                    .isNotNull();
        }
        assertThat(h.client.v1().events().inNamespace(h.namespace).list().getItems())
                .anySatisfy(e -> assertThat(e.getMessage()).contains("began measuring"));
    }

    @Test
    void anImageOutsideTheAllowlistIsRefused() {
        SlaTuning r = ItTunings.seed1("foreign", h.namespace, h.simulator.chatUrl());
        r.getSpec().setWorker(new WorkerSpec());
        r.getSpec().getWorker().setImage("docker.io/someone/else:latest");
        h.tunings().inNamespace(h.namespace).resource(r).create();

        SlaTuning got = Await.until(
                "foreign refused",
                Duration.ofSeconds(60),
                () -> h.get("foreign"),
                x -> OperatorHarness.phase(x, Phase.Error));
        Condition ready = got.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst()
                .orElseThrow();
        assertThat(ready.getReason()).isEqualTo("WorkerImageNotAllowed");
        assertThat(ready.getMessage())
                .contains("docker.io/someone/else:latest")
                .contains("slatune.operator.allowed-worker-images");
        assertThat(h.jobs("foreign")).isEmpty();
    }

    @Test
    void aClientLimitedRunIsMeasuredAgainOnTwiceThePods() {
        // The first run of the first value reports its client saturated, as a starved pod would.
        ContainerRunner real = ProcessContainerRunner.slatune(Path.of("target/kubelet-logs"));
        h.fakes.put("starved", launch -> {
            ContainerExit exit = real.run(launch);
            return launch.pod().contains("-p0-r0-") && exit.exitCode() == 0
                    ? ContainerExit.succeeded(saturated(exit.message()))
                    : exit;
        });
        SlaTuning r = ItTunings.seed1("starved", h.namespace, h.simulator.chatUrl());
        r.getSpec().setWorker(new WorkerSpec());
        r.getSpec().getWorker().setMaxPods(2);
        h.tunings().inNamespace(h.namespace).resource(r).create();

        SlaTuning got = Await.until(
                "the retry of starved on two pods recorded",
                Duration.ofMinutes(10),
                () -> h.get("starved"),
                x -> x.getStatus() != null
                                && !x.getStatus().getProbes().isEmpty()
                                && x.getStatus().getProbes().get(0).getRuns().stream()
                                        .anyMatch(run -> run.getState() == RunState.Succeeded)
                        || x.getStatus() != null
                                && x.getStatus().getPhase() != null
                                && x.getStatus().getPhase().terminal());
        List<RunStatus> runs = got.getStatus().getProbes().get(0).getRuns();
        assertThat(runs).as(h.operatorLog()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(runs.get(0).getState()).isEqualTo(RunState.ClientLimited);
        assertThat(runs.get(0).getMessage()).contains("measured again with 2 pods");
        assertThat(runs.get(1).getState()).isEqualTo(RunState.Succeeded);
        assertThat(runs.get(1).getPods()).isEqualTo(2);
        // The retry on two pods may itself saturate on a busy machine; then, at the bound, the probe is marked.
        boolean retryLimited = "ClientLimited".equals(runs.get(1).getReason());
        assertThat(got.getStatus().getProbes().get(0).getClientLimited())
                .as(runs.get(1).getMessage())
                .isEqualTo(retryLimited ? Boolean.TRUE : null);
        List<Job> first = h.jobs("starved").stream()
                .filter(j -> "0".equals(j.getMetadata().getLabels().get("slatune.dev/probe")))
                .toList();
        assertThat(first)
                .extracting(j -> j.getMetadata().getLabels().get("slatune.dev/run") + "/"
                        + j.getMetadata().getLabels().get("slatune.dev/pods"))
                .containsExactlyInAnyOrder("0/1", "1/2", "1/2");
        assertThat(h.client.v1().events().inNamespace(h.namespace).list().getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ClientLimitedRetry"));
    }

    /** A load pod's result with its client marked as the bottleneck. */
    static String saturated(String result) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(result);
        tree.with("client").put("saturated", true).put("reason", "client sent late: schedule lag p99 40.0 ms");
        return json.writeValueAsString(tree);
    }
}
