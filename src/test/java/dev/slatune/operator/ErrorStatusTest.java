package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.Phase;
import dev.slatune.api.SlaTuningStatus;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An error while acting lands in the status, never as an empty one; conflicts are only retried. */
class ErrorStatusTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aRejectedJobCreateLandsAsReadyFalseWithTheApiServersWords() {
        KubernetesClientException e = new KubernetesClientException(new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("Job.batch \"t-g1\" is invalid: spec.template.spec.containers[0]"
                        + ".resources.requests: Invalid value")
                .build());
        SlaTuningStatus st = ErrorStatus.of(null, e, 3, NOW);
        assertThat(st.getPhase()).isEqualTo(Phase.Pending);
        var ready = Conditions.get(st, "Ready").orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ReconcileFailed");
        assertThat(ready.getMessage()).contains("HTTP 422").contains("resources.requests: Invalid value");
        assertThat(ready.getObservedGeneration()).isEqualTo(3L);
        assertThat(Conditions.get(st, "Progressing").orElseThrow().getMessage()).contains("retrying with backoff");
        assertThat(ErrorStatus.conflict(e)).isFalse();
    }

    @Test
    void aQuotaRefusalKeepsTheHistoryAndThePhase() {
        SlaTuningStatus before = new SlaTuningStatus();
        before.setPhase(Phase.Running);
        before.getProbes().add(new dev.slatune.api.ProbeStatus());
        KubernetesClientException e = new KubernetesClientException(new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("exceeded quota: compute, requested: limits.cpu=4")
                .build());
        SlaTuningStatus st = ErrorStatus.of(before, e, 1, NOW);
        assertThat(st.getPhase()).isEqualTo(Phase.Running);
        assertThat(st.getProbes()).hasSize(1);
        assertThat(Conditions.get(st, "Ready").orElseThrow().getMessage()).contains("exceeded quota");
        assertThat(before.getConditions()).isEmpty();
    }

    @Test
    void aJobNameHeldByAnotherOwnerHasItsOwnReason() {
        SlaTuningStatus st = ErrorStatus.of(null, new Actor.JobNameTaken("Job x belongs to another owner"), 1, NOW);
        assertThat(Conditions.get(st, "Ready").map(c -> c.getReason())).isEqualTo(Optional.of("JobNameTaken"));
    }

    @Test
    void aStaleWriteIsAConflictToRetryNotAnError() {
        assertThat(ErrorStatus.conflict(new KubernetesClientException("conflict", 409, null)))
                .isTrue();
        assertThat(ErrorStatus.backoff(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(ErrorStatus.backoff(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(ErrorStatus.backoff(30)).isEqualTo(ErrorStatus.MAX_BACKOFF);
    }
}
