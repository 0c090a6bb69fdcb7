package dev.slatune.it.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.Phase;
import dev.slatune.api.ProbeStatus;
import dev.slatune.api.RunState;
import dev.slatune.api.RunStatus;
import dev.slatune.api.SecretKeyReference;
import dev.slatune.api.SlaTuning;
import dev.slatune.it.Await;
import dev.slatune.it.ControlPlane;
import dev.slatune.it.ControlPlaneExtension;
import dev.slatune.it.TestNamespace;
import dev.slatune.it.kubelet.ContainerExit;
import dev.slatune.it.kubelet.ContainerRunner;
import dev.slatune.operator.StatusBudget;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 on a real control plane, against an operator started as a developer starts it outside a
 * cluster: with no lease setting at all. It elects itself on a Lease in the kubeconfig context's
 * namespace and runs; {@code spec.suspend} deletes the load Jobs and resuming continues; a missing
 * API-key Secret ends Error quickly, naming the Secret; a load pod stopped mid-run is measured again,
 * never recorded; ten runs per value keep the status within its budget.
 */
@ExtendWith(ControlPlaneExtension.class)
class OutOfClusterOperatorIT {

    /** The namespace of the kubeconfig that {@code control-plane.sh} writes. */
    static final String CONTEXT_NAMESPACE = "default";

    static OperatorHarness h;

    @BeforeAll
    static void start(ControlPlane plane, KubernetesClient client, TestNamespace ns) {
        h = new OperatorHarness(plane, client, ns.name(), false);
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

    @Test
    void withoutAnyLeaseSettingItElectsItselfInTheContextNamespaceAndRuns() {
        assertThat(h.operatorLog())
                .contains("running outside a cluster: leader election on Lease in namespace " + CONTEXT_NAMESPACE
                        + " (the kubeconfig context's)");
        Lease lease = Await.until(
                "the leader Lease",
                Duration.ofSeconds(90),
                () -> h.client
                        .leases()
                        .inNamespace(CONTEXT_NAMESPACE)
                        .withName("slatune-operator-leader")
                        .get(),
                l -> l != null && l.getSpec().getHolderIdentity() != null);
        assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();

        // It acts as the leader: a resource is reconciled (here: rejected without any Job).
        SlaTuning r = ItTunings.seed1("inverted", h.namespace, h.simulator.chatUrl());
        r.getSpec().setLowerBound(100.0);
        h.tunings().inNamespace(h.namespace).resource(r).create();
        SlaTuning got = Await.until(
                "inverted reported",
                Duration.ofSeconds(90),
                () -> h.get("inverted"),
                x -> OperatorHarness.phase(x, Phase.Error));
        assertThat(condition(got, "Ready").getReason()).as(h.operatorLog()).isEqualTo("InvalidUpperBound");
    }

    @Test
    void suspendDeletesTheRunningJobsAndResumingContinues() {
        SlaTuning r = ItTunings.seed1("paused", h.namespace, h.simulator.chatUrl());
        // A long probe, so that its Job certainly still runs when the tuning is suspended.
        r.getSpec().getProbe().setDurationSeconds(120);
        h.tunings().inNamespace(h.namespace).resource(r).create();
        Await.until(
                "a running load pod of paused",
                Duration.ofSeconds(120),
                () -> pods("paused"),
                pods -> pods.stream()
                        .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));

        patchSuspend("paused", true);
        SlaTuning suspended = Await.until(
                "paused suspended",
                Duration.ofSeconds(60),
                () -> h.get("paused"),
                x -> OperatorHarness.phase(x, Phase.Suspended));
        Await.until("the Jobs of paused deleted", Duration.ofSeconds(60), () -> h.jobs("paused"), List::isEmpty);
        Await.until("the pods of paused deleted", Duration.ofSeconds(60), () -> pods("paused"), List::isEmpty);
        Condition progressing = condition(suspended, "Progressing");
        assertThat(progressing.getStatus()).isEqualTo("False");
        assertThat(progressing.getReason()).isEqualTo("Suspended");
        // The history is kept: the run in flight waits as a new attempt, nothing was recorded.
        RunStatus run = suspended.getStatus().getProbes().get(0).getRuns().get(0);
        assertThat(run.getState()).isEqualTo(RunState.Pending);
        assertThat(run.getReason()).isEqualTo("Suspended");
        assertThat(run.getAttempt()).isEqualTo(1);
        // While suspended, no Job comes back (the operator re-examines every 5 s here).
        Await.until(
                "paused stays without Jobs",
                Duration.ofSeconds(15),
                Duration.ofSeconds(1),
                () -> {
                    assertThat(h.jobs("paused")).isEmpty();
                    return System.nanoTime();
                },
                new Elapsed(Duration.ofSeconds(12)));

        patchSuspend("paused", false);
        List<Job> resumed = Await.until(
                "a Job of the next attempt", Duration.ofSeconds(90), () -> h.jobs("paused"), jobs -> !jobs.isEmpty());
        assertThat(resumed).singleElement().satisfies(j -> {
            assertThat(j.getMetadata().getLabels())
                    .containsEntry("slatune.dev/probe", "0")
                    .containsEntry("slatune.dev/run", "0")
                    .containsEntry("slatune.dev/attempt", "1")
                    .containsEntry("slatune.dev/generation", "1");
        });
        SlaTuning running = Await.until(
                "paused running again",
                Duration.ofSeconds(60),
                () -> h.get("paused"),
                x -> OperatorHarness.phase(x, Phase.Running));
        assertThat(running.getStatus().getProbes()).hasSize(1);
    }

    @Test
    void aMissingApiKeySecretEndsErrorWithinTwoMinutesNamingIt() {
        SlaTuning r = ItTunings.seed1("no-secret", h.namespace, h.simulator.chatUrl());
        r.getSpec().getTarget().setApiKeySecretRef(new SecretKeyReference("no-such-secret", "api-key"));
        h.tunings().inNamespace(h.namespace).resource(r).create();

        SlaTuning got = Await.until(
                "no-secret ends Error",
                Duration.ofMinutes(2),
                () -> h.get("no-secret"),
                x -> OperatorHarness.phase(x, Phase.Error));

        Condition ready = condition(got, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).as(ready.getMessage()).isEqualTo("SecretMissing");
        assertThat(ready.getMessage()).contains("no-such-secret", "api-key");
        // Not retried: a retry cannot make the Secret appear.
        RunStatus run = got.getStatus().getProbes().get(0).getRuns().get(0);
        assertThat(run.getState()).isEqualTo(RunState.Failed);
        assertThat(run.getReason()).isEqualTo("SecretMissing");
        assertThat(run.getAttempt()).isZero();
        assertThat(h.jobs("no-secret"))
                .allSatisfy(j -> assertThat(j.getMetadata().getLabels()).containsEntry("slatune.dev/attempt", "0"));
    }

    @Test
    void aLoadPodStoppedMidRunIsMeasuredAgainNotRecorded() {
        // The first load process gets SIGTERM once it reports progress, as on a node drain; the rest run whole.
        AtomicBoolean first = new AtomicBoolean(true);
        ContainerRunner drained = h.real.terminatingOnceLogged(" done, ");
        h.fakes.put("drained", launch -> first.getAndSet(false) ? drained.run(launch) : h.real.run(launch));
        h.tunings()
                .inNamespace(h.namespace)
                .resource(ItTunings.seed1("drained", h.namespace, h.simulator.chatUrl()))
                .create();

        SlaTuning got = Await.until(
                "the first run of drained recorded",
                OperatorHarness.RUN,
                () -> h.get("drained"),
                x -> x != null
                                && x.getStatus() != null
                                && !x.getStatus().getProbes().isEmpty()
                                && x.getStatus()
                                                .getProbes()
                                                .get(0)
                                                .getRuns()
                                                .get(0)
                                                .getState()
                                        == RunState.Succeeded
                        || x != null
                                && x.getStatus() != null
                                && x.getStatus().getPhase() != null
                                && x.getStatus().getPhase().terminal());

        assertThat(first).as("the drained process ran").isFalse();
        ProbeStatus p0 = got.getStatus().getProbes().get(0);
        assertThat(p0.getRuns()).as(h.operatorLog()).singleElement().satisfies(run -> {
            assertThat(run.getState()).isEqualTo(RunState.Succeeded);
            assertThat(run.getInterruptions()).isEqualTo(1);
            assertThat(run.getAttempt()).isEqualTo(1);
            assertThat(run.getJobs()).singleElement().asString().contains("-p0-r0-a1-");
        });
        List<Job> jobs = h.jobs("drained").stream()
                .filter(j -> "0".equals(j.getMetadata().getLabels().get("slatune.dev/probe")))
                .toList();
        assertThat(jobs)
                .extracting(j -> j.getMetadata().getLabels().get("slatune.dev/attempt"))
                .as(jobs.stream().map(j -> j.getMetadata().getName()).collect(Collectors.joining(", ")))
                .containsExactlyInAnyOrder("0", "1");
    }

    @Test
    void tenRunsPerValueKeepTheStatusWithinItsBudget() {
        // The first load pod runs for real; the others replay its result at once, so that 10 runs per
        // value take seconds each, with results of a real run's size.
        AtomicReference<ContainerExit> measured = new AtomicReference<>();
        h.fakes.put("ten-runs", launch -> {
            ContainerExit seen = measured.get();
            if (seen != null) {
                return seen;
            }
            ContainerExit exit = h.real.run(launch);
            if (exit.exitCode() == 0) {
                measured.compareAndSet(null, exit);
            }
            return exit;
        });
        SlaTuning r = ItTunings.seed1("ten-runs", h.namespace, h.simulator.chatUrl());
        r.getSpec().setNumRuns(10);
        // The validator refuses 10 runs with the default 40 values: the most values whose worst case fits.
        r.getSpec().setMaxProbes(StatusBudget.maxProbesWithin(10, 1, 1));
        r.getSpec().setUpperBound(8.0);
        h.tunings().inNamespace(h.namespace).resource(r).create();

        AtomicInteger largest = new AtomicInteger();
        SlaTuning got = Await.until(
                "ten-runs finished",
                Duration.ofMinutes(10),
                () -> {
                    SlaTuning x = h.get("ten-runs");
                    if (x != null && x.getStatus() != null) {
                        largest.accumulateAndGet(StatusBudget.bytes(x.getStatus()), Math::max);
                    }
                    return x;
                },
                x -> x != null
                        && x.getStatus() != null
                        && x.getStatus().getPhase() != null
                        && x.getStatus().getPhase().terminal());

        assertThat(got.getStatus().getPhase())
                .as(condition(got, "Ready").getMessage())
                .isEqualTo(Phase.Succeeded);
        assertThat(got.getStatus().getProbes())
                .anySatisfy(p -> assertThat(p.getRuns()).hasSize(10))
                .allSatisfy(p -> assertThat(p.getRuns())
                        .hasSizeLessThanOrEqualTo(10)
                        .allSatisfy(run -> assertThat(run.getState()).isEqualTo(RunState.Succeeded)));
        assertThat(largest.get())
                .as("the largest status seen, in bytes")
                .isPositive()
                .isLessThanOrEqualTo(StatusBudget.BUDGET_BYTES);
    }

    private void patchSuspend(String name, boolean suspend) {
        h.tunings()
                .inNamespace(h.namespace)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":" + suspend + "}}");
    }

    private List<Pod> pods(String tuning) {
        return h.client
                .pods()
                .inNamespace(h.namespace)
                .withLabel("slatune.dev/tuning", tuning)
                .list()
                .getItems();
    }

    private static Condition condition(SlaTuning r, String type) {
        return r.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + r.getStatus()));
    }

    /** Accepts a {@link System#nanoTime()} once {@code d} has passed since the first one it saw. */
    private static final class Elapsed implements java.util.function.Predicate<Long> {
        private final Duration d;
        private Long first;

        Elapsed(Duration d) {
            this.d = d;
        }

        @Override
        public boolean test(Long now) {
            if (first == null) {
                first = now;
            }
            return now - first >= d.toNanos();
        }
    }
}
