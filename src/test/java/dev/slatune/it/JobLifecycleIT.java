package dev.slatune.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.it.kubelet.ContainerExit;
import dev.slatune.it.kubelet.ContainerLaunch;
import dev.slatune.it.kubelet.KubeletStandIn;
import dev.slatune.it.kubelet.ProcessContainerRunner;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real Job controller turns Jobs into Pods, and the kubelet stand-in's status reports make it
 * complete, retry and fail them as in a cluster.
 */
@ExtendWith(ControlPlaneExtension.class)
class JobLifecycleIT {

    @Test
    void aJobCompletesWhenItsPodExitsZero(KubernetesClient client, TestNamespace ns) {
        AtomicReference<ContainerLaunch> seen = new AtomicReference<>();
        try (KubeletStandIn kubelet = new KubeletStandIn(client, ns.name(), launch -> {
                    seen.set(launch);
                    return ContainerExit.succeeded("{\"canned\":true}");
                })
                .start()) {
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns.name())
                    .resource(Jobs.job("ok", 0, "load", "--concurrency", "4").build())
                    .create();

            Job job = Jobs.awaitCondition(client, ns.name(), "ok", "Complete");

            assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
            List<Pod> pods = Jobs.pods(client, ns.name(), "ok");
            assertThat(pods).hasSize(1);
            Pod pod = pods.get(0);
            assertThat(pod.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(o -> assertThat(o.getKind()).isEqualTo("Job"));
            assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
            ContainerStateTerminated t =
                    pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
            assertThat(t.getExitCode()).isZero();
            assertThat(t.getMessage()).isEqualTo("{\"canned\":true}");
            assertThat(seen.get().args()).containsExactly("load", "--concurrency", "4");
            assertThat(seen.get().terminationMessagePath()).isEqualTo("/dev/termination-log");
        }
    }

    @Test
    void aFailingPodFailsABackoffLimitZeroJobWithoutRetry(KubernetesClient client, TestNamespace ns) {
        try (KubeletStandIn kubelet =
                new KubeletStandIn(client, ns.name(), launch -> ContainerExit.failed(1, "boom")).start()) {
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns.name())
                    .resource(Jobs.job("fails", 0, "load").build())
                    .create();

            Job job = Jobs.awaitCondition(client, ns.name(), "fails", "Failed");

            assertThat(job.getStatus().getConditions()).anyMatch(c -> "BackoffLimitExceeded".equals(c.getReason()));
            assertThat(job.getStatus().getFailed()).isEqualTo(1);
            assertThat(Jobs.pods(client, ns.name(), "fails")).singleElement().satisfies(p -> {
                assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
                ContainerStateTerminated t =
                        p.getStatus().getContainerStatuses().get(0).getState().getTerminated();
                assertThat(t.getExitCode()).isEqualTo(1);
                assertThat(t.getMessage()).isEqualTo("boom");
            });
            assertThat(kubelet.startedContainers()).isEqualTo(1);
        }
    }

    @Test
    void aJobWithBackoffLimitOneRetriesInANewPod(KubernetesClient client, TestNamespace ns) {
        try (KubeletStandIn kubelet =
                new KubeletStandIn(client, ns.name(), launch -> ContainerExit.failed(3, "unreachable")).start()) {
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns.name())
                    .resource(Jobs.job("retries", 1, "load").build())
                    .create();

            Job job = Jobs.awaitCondition(client, ns.name(), "retries", "Failed");

            assertThat(job.getStatus().getFailed()).isEqualTo(2);
            assertThat(Jobs.pods(client, ns.name(), "retries"))
                    .hasSize(2)
                    .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Failed"));
        }
    }

    /**
     * A real process: the Secret's value reaches it through {@code secretKeyRef} as the kubelet
     * resolves it, and the file it writes becomes the termination message next to its exit code.
     */
    @Test
    void aRealProcessGetsTheSecretAndReportsItsTerminationMessage(KubernetesClient client, TestNamespace ns) {
        client.secrets()
                .inNamespace(ns.name())
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("api")
                        .endMetadata()
                        .addToStringData("key", "s3cret")
                        .build())
                .create();
        // sh -c SCRIPT sh ARGS...: the stand-in appends --termination-log=FILE as the last arg.
        String script = "for a; do f=${a#--termination-log=}; done; "
                + "printf '%s|%s|%s' \"$API_KEY\" \"$MODE\" \"$1\" > \"$f\"; exit 3";
        ProcessContainerRunner shell =
                new ProcessContainerRunner(List.of("/bin/sh", "-c", script, "sh"), Path.of("target/kubelet-logs"));
        try (KubeletStandIn kubelet = new KubeletStandIn(client, ns.name(), shell).start()) {
            Job job = Jobs.job("proc", 0, "$(MODE)-run")
                    .editSpec()
                    .editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .addToEnv(new EnvVarBuilder()
                            .withName("API_KEY")
                            .withNewValueFrom()
                            .withNewSecretKeyRef()
                            .withName("api")
                            .withKey("key")
                            .endSecretKeyRef()
                            .endValueFrom()
                            .build())
                    .addToEnv(new EnvVarBuilder()
                            .withName("MODE")
                            .withValue("load")
                            .build())
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build();
            client.batch().v1().jobs().inNamespace(ns.name()).resource(job).create();

            Jobs.awaitCondition(client, ns.name(), "proc", "Failed");

            ContainerStateTerminated t = Jobs.pods(client, ns.name(), "proc")
                    .get(0)
                    .getStatus()
                    .getContainerStatuses()
                    .get(0)
                    .getState()
                    .getTerminated();
            assertThat(t.getExitCode()).isEqualTo(3);
            assertThat(t.getMessage()).isEqualTo("s3cret|load|load-run");
        }
    }

    @Test
    void deletingAJobStopsItsRunningContainer(KubernetesClient client, TestNamespace ns) throws Exception {
        CountDownLatch runningNow = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (KubeletStandIn kubelet = new KubeletStandIn(client, ns.name(), launch -> {
                    runningNow.countDown();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return ContainerExit.succeeded("");
                })
                .start()) {
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns.name())
                    .resource(Jobs.job("slow", 0, "load").build())
                    .create();
            assertThat(runningNow.await(60, TimeUnit.SECONDS))
                    .as("container started")
                    .isTrue();

            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns.name())
                    .withName("slow")
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                    .delete();

            assertThat(interrupted.await(60, TimeUnit.SECONDS))
                    .as("container stopped")
                    .isTrue();
            Await.until("pods of slow gone", Jobs.WAIT, () -> Jobs.pods(client, ns.name(), "slow"), List::isEmpty);
        }
    }

    /** The alpha TTLAfterFinished gate is on: a finished Job with a TTL of 0 is deleted. */
    @Test
    void aFinishedJobIsDeletedAfterItsTtl(KubernetesClient client, TestNamespace ns) {
        try (KubeletStandIn kubelet =
                new KubeletStandIn(client, ns.name(), launch -> ContainerExit.succeeded("ok")).start()) {
            Job job = Jobs.job("ttl", 0, "load")
                    .editSpec()
                    .withTtlSecondsAfterFinished(0)
                    .endSpec()
                    .build();
            Job created = client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns.name())
                    .resource(job)
                    .create();
            // Without the gate the API server drops the field silently.
            assertThat(created.getSpec().getTtlSecondsAfterFinished())
                    .as("the API server keeps the field")
                    .isZero();

            Await.until(
                    "Job ttl deleted after finishing",
                    Jobs.WAIT,
                    () -> client.batch()
                            .v1()
                            .jobs()
                            .inNamespace(ns.name())
                            .withName("ttl")
                            .get(),
                    j -> j == null);
            assertThat(kubelet.startedContainers()).isEqualTo(1);
        }
    }
}
