package dev.slatune.operator;

import static dev.slatune.operator.DeciderWorld.creates;
import static dev.slatune.operator.DeciderWorld.deletes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.Phase;
import dev.slatune.api.ProbeStatus;
import dev.slatune.api.RunState;
import dev.slatune.api.RunStatus;
import dev.slatune.api.SlaTuningStatus;
import dev.slatune.metrics.ProbeResultCodec;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decide step, scenario by scenario: a world brought to a state by hand (status, Jobs seen,
 * time), one decision, and what the new status and the actions must be. One row per case of the
 * lifecycle issue: the status budget, load that must not start, interrupted runs, pod trouble,
 * Job identity, suspend, and the seams other parts plug into (a target lock, a run check).
 */
class DeciderTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
                row("a new run is recorded as Pending before any Job exists", w -> {}, (w, d) -> {
                    RunStatus run = run(d.status(), 0, 0);
                    assertThat(run.getState()).isEqualTo(RunState.Pending);
                    assertThat(creates(d)).extracting(c -> c.key().name()).containsExactlyElementsOf(run.getJobs());
                    assertThat(d.status().getPhase()).isEqualTo(Phase.Running);
                }),
                row(
                        "a recorded attempt whose Jobs are not seen yet is created again under the same names",
                        DeciderWorld::step,
                        (w, d) -> {
                            assertThat(creates(d))
                                    .extracting(c -> c.key().name())
                                    .containsExactlyElementsOf(
                                            run(d.status(), 0, 0).getJobs());
                            assertThat(d.status().getProbes())
                                    .singleElement()
                                    .satisfies(p -> assertThat(p.getRuns()).hasSize(1));
                            assertThat(run(d.status(), 0, 0).getAttempt()).isZero();
                        }),
                row(
                        "a recorded Job that vanished is not re-created: the run is aborted",
                        w -> {
                            w.running();
                            w.jobs.clear();
                        },
                        (w, d) -> {
                            assertThat(creates(d)).isEmpty();
                            assertThat(run(d.status(), 0, 0).getState()).isEqualTo(RunState.Aborted);
                            assertError(d.status(), "RunAborted", "was deleted before its result was read");
                        }),
                row(
                        "a recorded run whose Job is gone (TTL) is not looked at again",
                        w -> {
                            w.running();
                            w.measured();
                            w.step();
                            w.jobs.clear();
                        },
                        (w, d) -> {
                            assertThat(run(d.status(), 0, 0).getState()).isEqualTo(RunState.Succeeded);
                            assertThat(creates(d))
                                    .extracting(c -> c.key().probe())
                                    .containsOnly(1);
                        }),
                row(
                        "an interrupted pod is measured again and never recorded",
                        w -> {
                            w.running();
                            w.ends(w.current(), new JobOutcome.Failed(Reason.Interrupted, "SIGTERM"));
                        },
                        (w, d) -> {
                            RunStatus run = run(d.status(), 0, 0);
                            assertThat(run.getState()).isEqualTo(RunState.Pending);
                            assertThat(run.getAttempt()).isEqualTo(1);
                            assertThat(run.getInterruptions()).isEqualTo(1);
                            assertThat(run.getFailures()).isNull();
                            assertThat(run.getSummary()).isNull();
                            assertThat(d.status().getProbes().get(0).getPooled())
                                    .isNull();
                            assertThat(creates(d))
                                    .singleElement()
                                    .satisfies(
                                            c -> assertThat(c.key().attempt()).isEqualTo(1));
                        }),
                row(
                        "interruptions are bounded",
                        w -> {
                            w.running();
                            run(w.status, 0, 0).setInterruptions(Decider.MAX_INTERRUPTIONS);
                            w.ends(w.current(), new JobOutcome.Failed(Reason.Interrupted, "SIGTERM"));
                        },
                        (w, d) -> {
                            assertThat(creates(d)).isEmpty();
                            assertThat(d.status().getPhase()).isEqualTo(Phase.Error);
                        }),
                row(
                        "a multi-pod run whose shares did not overlap is measured again, not recorded",
                        w -> {
                            w.decider = DeciderWorld.decider(
                                    DeciderWorld.SearchAdapterHolder.SEARCH,
                                    (spec, shares) -> Optional.of(
                                            new JobOutcome.Failed(Reason.SharesNotOverlapping, "overlap 40% < 90%")));
                            w.running();
                            w.measured();
                        },
                        (w, d) -> {
                            RunStatus run = run(d.status(), 0, 0);
                            assertThat(run.getState()).isEqualTo(RunState.Pending);
                            assertThat(run.getReason()).isEqualTo("SharesNotOverlapping");
                            assertThat(run.getSummary()).isNull();
                            assertThat(creates(d))
                                    .singleElement()
                                    .satisfies(
                                            c -> assertThat(c.key().attempt()).isEqualTo(1));
                        }),
                row(
                        "an image that cannot be pulled ends the attempt at once, naming the image",
                        w -> {
                            w.running();
                            w.ends(
                                    w.current(),
                                    new JobOutcome.Running(new JobOutcome.PodTrouble(
                                            Reason.ImagePullFailed,
                                            "image registry.example/slatune:tset cannot be pulled (ImagePullBackOff)",
                                            w.now)));
                        },
                        (w, d) -> {
                            assertError(d.status(), "ImagePullFailed", "registry.example/slatune:tset");
                            assertThat(deletes(d)).containsExactlyElementsOf(w.jobs.keySet());
                            assertThat(creates(d)).isEmpty();
                        }),
                row(
                        "a missing Secret ends the attempt at once, naming the Secret and the key",
                        w -> {
                            w.running();
                            w.ends(
                                    w.current(),
                                    new JobOutcome.Running(new JobOutcome.PodTrouble(
                                            Reason.SecretMissing,
                                            "the load container cannot be created: secret \"llm-key\" not found",
                                            w.now)));
                        },
                        (w, d) -> {
                            assertError(d.status(), "SecretMissing", "Secret 'llm-key', key 'token'");
                            assertThat(creates(d)).isEmpty();
                        }),
                row(
                        "an unschedulable pod within the grace is waited for",
                        w -> {
                            w.running();
                            w.ends(
                                    w.current(),
                                    new JobOutcome.Running(new JobOutcome.PodTrouble(
                                            Reason.Unschedulable,
                                            "0/3 nodes are available: 3 Insufficient cpu",
                                            w.now.minusSeconds(60))));
                        },
                        (w, d) -> {
                            assertThat(d.status().getPhase()).isEqualTo(Phase.Running);
                            assertThat(d.requeueAfter())
                                    .hasValueSatisfying(t -> assertThat(t).isLessThanOrEqualTo(Duration.ofSeconds(61)));
                            assertThat(deletes(d)).isEmpty();
                        }),
                row(
                        "an unschedulable pod past the grace ends the attempt with the scheduler's message",
                        w -> {
                            w.running();
                            w.ends(
                                    w.current(),
                                    new JobOutcome.Running(new JobOutcome.PodTrouble(
                                            Reason.Unschedulable,
                                            "0/3 nodes are available: 3 Insufficient cpu",
                                            w.now.minusSeconds(121))));
                        },
                        (w, d) -> {
                            assertError(d.status(), "Unschedulable", "3 Insufficient cpu");
                            assertThat(creates(d)).isEmpty();
                        }),
                row(
                        "an OOMKilled pod is not retried: more of the same memory cannot help",
                        w -> {
                            w.running();
                            w.ends(w.current(), new JobOutcome.Failed(Reason.OOMKilled, "ran out of memory"));
                        },
                        (w, d) -> {
                            assertError(d.status(), "OOMKilled", "memory");
                            assertThat(creates(d)).isEmpty();
                        }),
                row(
                        "a crashed pod is retried as a new attempt, created after the status records it",
                        w -> {
                            w.running();
                            w.ends(w.current(), new JobOutcome.Failed(Reason.LoadPodFailed, "exit 1"));
                        },
                        (w, d) -> {
                            RunStatus run = run(d.status(), 0, 0);
                            assertThat(run.getState()).isEqualTo(RunState.Pending);
                            assertThat(run.getFailures()).isEqualTo(1);
                            assertThat(creates(d))
                                    .extracting(c -> c.key().name())
                                    .containsExactlyElementsOf(run.getJobs());
                            assertThat(run.getJobs().get(0)).contains("-a1-");
                        }),
                row(
                        "suspend deletes the Jobs at once and keeps the history",
                        w -> {
                            w.running();
                            w.r.getSpec().setSuspend(true);
                            w.r.getMetadata().setGeneration(2L);
                        },
                        (w, d) -> {
                            assertThat(deletes(d)).containsExactlyElementsOf(w.jobs.keySet());
                            assertThat(creates(d)).isEmpty();
                            assertThat(d.status().getPhase()).isEqualTo(Phase.Suspended);
                            assertThat(d.status().getRunGeneration()).isEqualTo(1L);
                            assertThat(run(d.status(), 0, 0).getReason()).isEqualTo("Suspended");
                            assertThat(condition(d.status(), "Progressing").getReason())
                                    .isEqualTo("Suspended");
                        }),
                row(
                        "a suspended tuning stays put",
                        w -> {
                            w.running();
                            w.r.getSpec().setSuspend(true);
                            w.step();
                            w.jobs.clear();
                        },
                        (w, d) -> {
                            assertThat(d.actions()).isEmpty();
                            assertThat(run(d.status(), 0, 0).getAttempt()).isEqualTo(1);
                        }),
                row(
                        "suspend false continues: the run in flight is measured again",
                        w -> {
                            w.running();
                            w.r.getSpec().setSuspend(true);
                            w.step();
                            w.jobs.clear();
                            w.r.getSpec().setSuspend(false);
                            w.r.getMetadata().setGeneration(3L);
                        },
                        (w, d) -> {
                            assertThat(d.status().getPhase()).isEqualTo(Phase.Running);
                            assertThat(creates(d)).singleElement().satisfies(c -> {
                                assertThat(c.key().attempt()).isEqualTo(1);
                                assertThat(c.key().generation()).isEqualTo(1L);
                            });
                            assertThat(d.status().getConditions())
                                    .allSatisfy(c -> assertThat(c.getObservedGeneration())
                                            .isEqualTo(3L));
                        }),
                row(
                        "while another tuning holds the target no load starts",
                        w -> {
                            w.lock = Optional.of(new Observation.TargetLock(false, "team-a/capacity"));
                        },
                        (w, d) -> {
                            assertThat(creates(d)).isEmpty();
                            Condition c = condition(d.status(), "Progressing");
                            assertThat(c.getStatus()).isEqualTo("True");
                            assertThat(c.getReason()).isEqualTo("WaitingForTarget");
                            assertThat(c.getMessage()).contains("team-a/capacity");
                        }),
                row(
                        "a spec whose worst case passes the status budget is refused before any Job",
                        w -> {
                            w.r.getSpec().setNumRuns(10);
                            w.r.getSpec().setMaxProbes(40);
                        },
                        (w, d) -> {
                            assertError(d.status(), "InvalidMaxProbes", "KiB");
                            assertThat(creates(d)).isEmpty();
                        }),
                row(
                        "numRuns 10 with a probe cap that fits runs",
                        w -> {
                            w.r.getSpec().setNumRuns(10);
                            w.r.getSpec().setMaxProbes(StatusBudget.maxProbesWithin(10, 1, 1));
                        },
                        (w, d) -> assertThat(creates(d)).hasSize(1)),
                row(
                        "the runtime guard ends in StatusTooLarge before a write could be refused",
                        w -> {
                            w.running();
                            w.measured();
                            w.step();
                            ProbeStatus p = w.status.getProbes().get(0);
                            for (int i = 0; i < 320; i++) {
                                p.getRuns()
                                        .add(
                                                0,
                                                Decider.copy(w.status)
                                                        .getProbes()
                                                        .get(0)
                                                        .getRuns()
                                                        .get(0));
                            }
                            w.jobs.clear();
                            w.status.getProbes().get(1).getRuns().clear();
                        },
                        (w, d) -> {
                            assertError(d.status(), "StatusTooLarge", "budget");
                            assertThat(creates(d)).isEmpty();
                            assertThat(StatusBudget.bytes(d.status())).isLessThan(StatusBudget.BUDGET_BYTES);
                        }),
                row(
                        "a measured run keeps a summary without histograms; the value keeps one pool",
                        w -> {
                            w.running();
                            w.measured();
                        },
                        (w, d) -> {
                            RunStatus run = run(d.status(), 0, 0);
                            assertThat(run.getState()).isEqualTo(RunState.Succeeded);
                            assertThat(RunRecords.fromSummary(run.getSummary()).histograms())
                                    .isEmpty();
                            assertThat(ProbeResultCodec.fromJson(d.status()
                                                    .getProbes()
                                                    .get(0)
                                                    .getPooled())
                                            .histograms())
                                    .containsKeys("latency", "ttft", "tpot")
                                    .doesNotContainKey("itl");
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decides(String scenario, Consumer<DeciderWorld> given, BiConsumer<DeciderWorld, Decider.Decision> then) {
        DeciderWorld w = new DeciderWorld();
        given.accept(w);
        then.accept(w, w.step());
    }

    static Arguments row(
            String scenario, Consumer<DeciderWorld> given, BiConsumer<DeciderWorld, Decider.Decision> then) {
        return Arguments.of(scenario, given, then);
    }

    static RunStatus run(SlaTuningStatus st, int probe, int run) {
        return st.getProbes().get(probe).getRuns().get(run);
    }

    static Condition condition(SlaTuningStatus st, String type) {
        return Conditions.get(st, type)
                .orElseThrow(() -> new AssertionError("no " + type + " in " + st.getConditions()));
    }

    static void assertError(SlaTuningStatus st, String reason, String message) {
        assertThat(st.getPhase()).isEqualTo(Phase.Error);
        Condition ready = condition(st, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(reason);
        assertThat(ready.getMessage()).contains(message);
        assertThat(List.of(condition(st, "Progressing").getStatus())).containsExactly("False");
    }
}
