package dev.slatune.it.kubelet;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The pod statuses a kubelet reports at each step of a container's life. */
final class PodStatuses {

    private PodStatuses() {}

    /** Started: phase Running, the container running since {@code startedAt}. */
    static PodStatus running(Pod pod, Instant startedAt) {
        ContainerStatus cs = base(pod)
                .withNewState()
                .withNewRunning()
                .withStartedAt(time(startedAt))
                .endRunning()
                .endState()
                .withStarted(true)
                .build();
        return new PodStatusBuilder()
                .withPhase("Running")
                .withStartTime(time(startedAt))
                .withHostIP("127.0.0.1")
                .withPodIP("127.0.0.1")
                .withContainerStatuses(cs)
                .build();
    }

    /** Ended: Succeeded on exit 0, else Failed, with the exit code, reason and message. */
    static PodStatus terminated(Pod pod, Instant startedAt, ContainerExit exit, String containerId) {
        ContainerStatus cs = base(pod)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exit.exitCode())
                .withReason(exit.reason())
                .withMessage(exit.message() == null || exit.message().isEmpty() ? null : exit.message())
                .withStartedAt(time(startedAt))
                .withFinishedAt(time(Instant.now()))
                .withContainerID(containerId)
                .endTerminated()
                .endState()
                .withStarted(false)
                .build();
        return new PodStatusBuilder()
                .withPhase(exit.exitCode() == 0 ? "Succeeded" : "Failed")
                .withStartTime(time(startedAt))
                .withHostIP("127.0.0.1")
                .withPodIP("127.0.0.1")
                .withContainerStatuses(cs)
                .build();
    }

    /** Not startable: phase Pending, the container waiting with {@code CreateContainerConfigError}. */
    static PodStatus configError(Pod pod, String message) {
        ContainerStatus cs = base(pod)
                .withNewState()
                .withNewWaiting()
                .withReason("CreateContainerConfigError")
                .withMessage(message)
                .endWaiting()
                .endState()
                .withStarted(false)
                .build();
        return new PodStatusBuilder()
                .withPhase("Pending")
                .withContainerStatuses(cs)
                .build();
    }

    private static ContainerStatusBuilder base(Pod pod) {
        var c = pod.getSpec().getContainers().get(0);
        return new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID("")
                .withReady(false)
                .withRestartCount(0);
    }

    /** RFC 3339 in whole seconds, as metav1.Time serializes. */
    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
