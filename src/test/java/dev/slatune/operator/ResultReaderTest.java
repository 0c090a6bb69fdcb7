package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.metrics.LoadFailure;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The observe step's reading of Jobs and pods: what a pod's status says keeps it from running
 * (image, Secret, scheduling, memory), and what a failed pod's structured termination message says.
 */
class ResultReaderTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static Stream<Arguments> troubles() {
        return Stream.of(
                Arguments.of(
                        "ErrImagePull",
                        waiting("ErrImagePull", "pull access denied for registry.example/x"),
                        Reason.ImagePullFailed,
                        "registry.example/slatune:tset"),
                Arguments.of(
                        "ImagePullBackOff",
                        waiting("ImagePullBackOff", "Back-off pulling image"),
                        Reason.ImagePullFailed,
                        "ImagePullBackOff"),
                Arguments.of(
                        "a missing Secret",
                        waiting("CreateContainerConfigError", "secret \"llm-key\" not found"),
                        Reason.SecretMissing,
                        "secret \"llm-key\" not found"),
                Arguments.of(
                        "a missing key",
                        waiting("CreateContainerConfigError", "couldn't find key token in Secret tuning/llm-key"),
                        Reason.SecretMissing,
                        "key token"),
                Arguments.of(
                        "unschedulable",
                        unschedulable("0/3 nodes are available: 3 Insufficient cpu."),
                        Reason.Unschedulable,
                        "3 Insufficient cpu"),
                Arguments.of("OOMKilled", oom(), Reason.OOMKilled, "memory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("troubles")
    void podTroubleIsNamedWithItsCause(String what, Pod pod, Reason reason, String message) {
        JobOutcome o = ResultReader.read(job(null), List.of(pod), NOW);
        assertThat(o).isInstanceOfSatisfying(JobOutcome.Running.class, r -> {
            assertThat(r.trouble()).isNotNull();
            assertThat(r.trouble().reason()).isEqualTo(reason);
            assertThat(r.trouble().message()).contains(message);
        });
    }

    @Test
    void unschedulableCountsFromTheConditionsTransition() {
        JobOutcome o = ResultReader.read(job(null), List.of(unschedulable("no nodes")), NOW);
        assertThat(((JobOutcome.Running) o).trouble().since()).isEqualTo(NOW.minusSeconds(90));
    }

    @Test
    void aRunningPodHasNoTrouble() {
        Pod p = new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
        assertThat(ResultReader.read(job(null), List.of(p), NOW)).isEqualTo(JobOutcome.Running.FINE);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(
                        "interrupted (exit 4, structured)",
                        4,
                        LoadFailure.of(LoadFailure.Kind.INTERRUPTED, "cancelled after 12 requests")
                                .toJson(),
                        Reason.Interrupted,
                        "cancelled after 12"),
                Arguments.of(
                        "bad configuration, structured",
                        2,
                        LoadFailure.of(LoadFailure.Kind.BAD_CONFIGURATION, "--model: no model 'q'")
                                .toJson(),
                        Reason.BadConfiguration,
                        "no model 'q'"),
                Arguments.of(
                        "unreachable, from the log tail (load died before writing)",
                        3,
                        "boot\nslatune load: connection refused\n",
                        Reason.TargetUnreachable,
                        "connection refused"),
                Arguments.of("a crash", 1, "Exception in thread main", Reason.LoadPodFailed, "exited with 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailedPodSaysWhyInItsTerminationMessage(
            String what, int exit, String message, Reason reason, String contains) {
        Pod pod = terminated(exit, "Error", message);
        JobOutcome o = ResultReader.read(job("Failed"), List.of(pod), NOW);
        assertThat(o).isInstanceOfSatisfying(JobOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(reason);
            assertThat(f.message()).contains(contains);
        });
    }

    @Test
    void aPodStoppedByTheClusterIsInterrupted() {
        Pod pod = new PodBuilder(terminated(137, "Error", ""))
                .editStatus()
                .addToConditions(new PodConditionBuilder()
                        .withType("DisruptionTarget")
                        .withStatus("True")
                        .withReason("EvictionByEvictionAPI")
                        .withMessage("Eviction API: evicting")
                        .build())
                .endStatus()
                .build();
        JobOutcome o = ResultReader.read(job("Failed"), List.of(pod), NOW);
        assertThat(((JobOutcome.Failed) o).reason()).isEqualTo(Reason.Interrupted);
        assertThat(Reason.Interrupted.retryable()).isTrue();
        assertThat(Reason.OOMKilled.retryable()).isFalse();
        assertThat(Reason.SecretMissing.retryable()).isFalse();
    }

    @Test
    void aJobOfAnotherOwnerIsNotOurs() {
        Job j = new JobBuilder(job(null))
                .editMetadata()
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withUid("uid-of-a-deleted-tuning")
                        .build())
                .endMetadata()
                .build();
        assertThat(Observer.ownedBy(j, "uid-of-the-new-tuning")).isFalse();
        assertThat(Observer.ownedBy(j, "uid-of-a-deleted-tuning")).isTrue();
    }

    static Job job(String condition) {
        JobBuilder b = new JobBuilder()
                .withNewMetadata()
                .withName("t-g1-p0-r0-a0-s0-abcde")
                .endMetadata();
        if (condition != null) {
            b.withNewStatus()
                    .withConditions(new JobConditionBuilder()
                            .withType(condition)
                            .withStatus("True")
                            .build())
                    .endStatus();
        }
        return b.build();
    }

    static Pod waiting(String reason, String message) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("load")
                        .withImage("registry.example/slatune:tset")
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .endState()
                        .build())
                .endStatus()
                .build();
    }

    static Pod unschedulable(String message) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .withConditions(new PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("False")
                        .withReason("Unschedulable")
                        .withMessage(message)
                        .withLastTransitionTime(NOW.minusSeconds(90).toString())
                        .build())
                .endStatus()
                .build();
    }

    static Pod oom() {
        return terminated(137, "OOMKilled", "");
    }

    static Pod terminated(int exit, String reason, String message) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewStatus()
                .withPhase("Failed")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("load")
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exit)
                        .withReason(reason)
                        .withMessage(message)
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus()
                .build();
    }
}
