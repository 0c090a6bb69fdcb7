package dev.slatune.it.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.api.Phase;
import dev.slatune.api.SlaTuning;
import dev.slatune.it.Await;
import dev.slatune.it.ControlPlane;
import dev.slatune.it.ControlPlaneExtension;
import dev.slatune.it.SlatuneProcess;
import dev.slatune.it.TestNamespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator on a real control plane: the seed's first example end to end (Jobs through the
 * real Job controller, load pods as real {@code slatune load} processes against the simulator,
 * termination messages read back from pod status) gives the answer {@code slatune tune} gives;
 * deleting the resource removes its Jobs.
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorSeedIT {

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

    @Test
    void seedExampleOneGivesTheSameAnswerAsTune() throws Exception {
        Path out = Files.createTempDirectory(Path.of("target"), "it-tune-");
        try (SlatuneProcess tune = SlatuneProcess.start(
                "tune-seed1", Map.of(), ItTunings.seed1TuneArgs(h.simulator.chatUrl(), out.toString()))) {
            assertThat(tune.waitFor(10)).as(tune.output()).isZero();
        }
        // tune writes EvalScope's layout: <outputs-dir>/<timestamp>/<model>/summary.json.
        Path summary;
        try (Stream<Path> files = Files.walk(out)) {
            summary = files.filter(f -> f.getFileName().toString().equals("summary.json"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no summary.json under " + out));
        }
        JsonNode tuned =
                new ObjectMapper().readTree(summary.toFile()).get("results").get(0);
        double tuneAnswer = tuned.get("maxSatisfied").asDouble();
        assertThat(tuneAnswer).as("tune on the steep simulator").isEqualTo(Simulator.EXPECTED_MAX_PARALLEL);

        h.tunings()
                .inNamespace(h.namespace)
                .resource(ItTunings.seed1("seed1", h.namespace, h.simulator.chatUrl()))
                .create();
        SlaTuning r = h.awaitTerminal("seed1");

        assertThat(r.getStatus().getPhase()).as(h.operatorLog()).isEqualTo(Phase.Succeeded);
        assertThat(r.getStatus().getObservedGeneration())
                .isEqualTo(r.getMetadata().getGeneration());
        assertThat(r.getStatus().getResults()).singleElement().satisfies(g -> {
            assertThat(g.getMaxSatisfied()).isEqualTo(tuneAnswer);
            assertThat(g.getNote()).isEqualTo(tuned.get("note").asText());
            assertThat(g.getCriteria()).isEqualTo(tuned.get("criteria").asText());
        });
        // One Job per measured value (one run, one pod share, no retry), each owned by the resource.
        List<Job> jobs = h.jobs("seed1");
        assertThat(jobs).hasSize(r.getStatus().getProbes().size());
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(o ->
                            assertThat(o.getUid()).isEqualTo(r.getMetadata().getUid()));
            assertThat(j.getSpec().getTtlSecondsAfterFinished()).isNotNull();
        });
        assertThat(r.getStatus().getProbes()).extracting(p -> p.getValue()).contains(2.0, 3.0);
    }

    @Test
    void deletingTheResourceDeletesItsRunningJobs() {
        SlaTuning r = ItTunings.seed1("doomed", h.namespace, h.simulator.chatUrl());
        // Long probes, so a Job is certainly running when the resource goes.
        r.getSpec().getProbe().setDurationSeconds(120);
        h.tunings().inNamespace(h.namespace).resource(r).create();
        Await.until(
                "a running load pod of doomed",
                Duration.ofSeconds(90),
                () -> h.client
                        .pods()
                        .inNamespace(h.namespace)
                        .withLabel("slatune.dev/tuning", "doomed")
                        .list()
                        .getItems(),
                pods -> pods.stream()
                        .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));

        h.deleteAndAwaitGone("doomed");

        Await.until(
                "pods of doomed deleted",
                Duration.ofSeconds(60),
                () -> h.client
                        .pods()
                        .inNamespace(h.namespace)
                        .withLabel("slatune.dev/tuning", "doomed")
                        .list()
                        .getItems(),
                List::isEmpty);
    }
}
