package dev.slatune.operator;

import static dev.slatune.operator.DeciderTest.run;
import static dev.slatune.operator.DeciderWorld.creates;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.GroupResultStatus;
import dev.slatune.api.Phase;
import dev.slatune.api.ProbeStatus;
import dev.slatune.api.RunState;
import dev.slatune.api.RunStatus;
import dev.slatune.api.SearchStrategy;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.WorkerSpec;
import dev.slatune.metrics.ProbeResultCodec;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run whose load generator was the bottleneck ({@code client.saturated}): below the bound it is kept
 * as evidence and its value measured again on twice the pods; at the bound it is recorded
 * client-limited and never counts as a pass. One row per case, each a world brought to a state by hand
 * and one decision (seed example 1: concurrency from 2, p99 latency <= 2 s, one pod per run).
 */
class ClientLimitedRetryTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
                row(
                        "a saturated run below the bound is kept as evidence, and the value measured again on twice the pods",
                        null,
                        w -> {
                            w.saturatesOn = pods -> pods < 2;
                            w.running();
                            w.measured();
                        },
                        (w, d) -> {
                            ProbeStatus p = d.status().getProbes().get(0);
                            RunStatus evidence = run(d.status(), 0, 0);
                            assertThat(evidence.getState()).isEqualTo(RunState.ClientLimited);
                            assertThat(evidence.getReason()).isEqualTo("ClientLimited");
                            assertThat(evidence.getMessage())
                                    .contains("on 1 pod(s)", "schedule lag", "measured again with 2 pods");
                            assertThat(evidence.getSummary()).isNotNull();
                            assertThat(evidence.getMetrics().getClientSaturated())
                                    .isNotNull();
                            // Not a measurement of the target: nothing pooled, nothing judged.
                            assertThat(p.getPooled()).isNull();
                            assertThat(p.getVerdicts()).isEmpty();
                            assertThat(p.getClientLimited()).isNull();
                            assertThat(p.getPods()).isEqualTo(2);
                            RunStatus retry = run(d.status(), 0, 1);
                            assertThat(retry.getState()).isEqualTo(RunState.Pending);
                            assertThat(retry.getPods()).isEqualTo(2);
                            assertThat(creates(d)).hasSize(2).allSatisfy(c -> {
                                assertThat(c.key().probe()).isZero();
                                assertThat(c.key().run()).isEqualTo(1);
                                assertThat(c.share().pods()).isEqualTo(2);
                                assertThat(c.value()).isEqualTo(2.0);
                            });
                            assertThat(creates(d))
                                    .extracting(c -> c.share().value())
                                    .containsExactly(1.0, 1.0);
                            assertThat(d.actions())
                                    .anySatisfy(a -> assertThat(a)
                                            .isEqualTo(new Action.Emit(
                                                    true,
                                                    Reason.ClientLimitedRetry,
                                                    "run 0 at parallel=2: " + evidence.getMessage())));
                            assertThat(d.actions())
                                    .contains(new Action.Count(Action.Meter.RUN_FINISHED, "client-limited"));
                        }),
                row(
                        "the retry's Jobs never take the names of the saturated run's",
                        null,
                        w -> {
                            w.saturatesOn = pods -> pods < 2;
                            w.running();
                            w.measured();
                        },
                        (w, d) -> {
                            List<String> before = run(d.status(), 0, 0).getJobs();
                            List<String> after = run(d.status(), 0, 1).getJobs();
                            assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
                            assertThat(new HashSet<>(after)).hasSize(2);
                        }),
                row(
                        "a restarted operator creates the retry from the status alone, under the same names",
                        null,
                        w -> {
                            w.saturatesOn = pods -> pods < 2;
                            w.running();
                            w.measured();
                            w.step(); // decided, status written; the operator stops before creating the Jobs
                        },
                        (w, d) -> assertThat(creates(d))
                                .extracting(c -> c.key().name())
                                .containsExactlyElementsOf(run(d.status(), 0, 1).getJobs())),
                row(
                        "a retry on more pods that keeps up is recorded and judged like any run",
                        null,
                        w -> {
                            w.saturatesOn = pods -> pods < 2;
                            w.running();
                            w.measured();
                            w.step();
                            w.created();
                            w.step();
                            w.measured();
                        },
                        (w, d) -> {
                            ProbeStatus p = d.status().getProbes().get(0);
                            assertThat(run(d.status(), 0, 1).getState()).isEqualTo(RunState.Succeeded);
                            assertThat(p.getClientLimited()).isNull();
                            assertThat(ProbeResultCodec.fromJson(p.getPooled())
                                            .client()
                                            .saturated())
                                    .isFalse();
                            assertThat(p.getVerdicts())
                                    .singleElement()
                                    .satisfies(v -> assertThat(v.getPass()).isTrue());
                            // The next value starts on the pods a lower one needed.
                            assertThat(d.status().getProbes().get(1).getPods()).isEqualTo(2);
                            assertThat(creates(d))
                                    .hasSize(2)
                                    .allSatisfy(c -> assertThat(c.key().probe()).isEqualTo(1));
                        }),
                row(
                        "at the bound a saturated run is recorded client-limited, and its value is no confident pass",
                        2,
                        w -> {
                            w.saturatesOn = pods -> true;
                            w.running();
                            w.measured();
                            w.step();
                            w.created();
                            w.step();
                            w.measured();
                        },
                        (w, d) -> {
                            ProbeStatus p = d.status().getProbes().get(0);
                            assertThat(run(d.status(), 0, 0).getState()).isEqualTo(RunState.ClientLimited);
                            RunStatus last = run(d.status(), 0, 1);
                            assertThat(last.getState()).isEqualTo(RunState.Succeeded);
                            assertThat(last.getReason()).isEqualTo("ClientLimited");
                            assertThat(last.getMessage())
                                    .contains("even on 2 pod(s), the most this tuning may use (spec.worker.maxPods 2)");
                            assertThat(p.getClientLimited()).isTrue();
                            assertThat(p.getVerdicts()).singleElement().satisfies(v -> {
                                assertThat(v.getVerdict()).isNotEqualTo("pass");
                                assertThat(v.getReason()).contains("the client was the bottleneck");
                            });
                        }),
                row(
                        "spec.worker.maxPods equal to spec.probe.parallelism adds no pods: reported client-limited at once",
                        1,
                        w -> {
                            w.saturatesOn = pods -> true;
                            w.running();
                            w.measured();
                        },
                        (w, d) -> {
                            ProbeStatus p = d.status().getProbes().get(0);
                            assertThat(p.getRuns()).hasSize(1);
                            assertThat(run(d.status(), 0, 0).getState()).isEqualTo(RunState.Succeeded);
                            assertThat(p.getClientLimited()).isTrue();
                            assertThat(p.getPods()).isEqualTo(1);
                        }),
                row(
                        "a concurrency too small to split further is reported client-limited, not retried",
                        null,
                        w -> {
                            w.r.getSpec().setStart(1.0);
                            w.r.getSpec().setLowerBound(1.0);
                            w.saturatesOn = pods -> true;
                            w.running();
                            w.measured();
                        },
                        (w, d) -> {
                            assertThat(run(d.status(), 0, 0).getState()).isEqualTo(RunState.Succeeded);
                            assertThat(run(d.status(), 0, 0).getMessage())
                                    .contains("as many as this value splits into");
                            assertThat(d.status().getProbes().get(0).getClientLimited())
                                    .isTrue();
                        }),
                row(
                        "doubling stops at the bound, not past it",
                        3,
                        w -> {
                            w.r.getSpec().setStart(8.0);
                            w.saturatesOn = pods -> true;
                            w.running();
                            w.measured();
                            w.step();
                            w.created();
                            w.step();
                            w.measured();
                        },
                        (w, d) -> {
                            ProbeStatus p = d.status().getProbes().get(0);
                            assertThat(p.getRuns())
                                    .extracting(RunStatus::getPods)
                                    .containsExactly(1, 2, 3);
                            assertThat(p.getRuns())
                                    .extracting(RunStatus::getState)
                                    .containsExactly(RunState.ClientLimited, RunState.ClientLimited, RunState.Pending);
                            assertThat(creates(d)).hasSize(3);
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decides(
            String scenario,
            Integer maxPods,
            Consumer<DeciderWorld> given,
            BiConsumer<DeciderWorld, Decider.Decision> then) {
        DeciderWorld w = new DeciderWorld(tuning(maxPods));
        given.accept(w);
        then.accept(w, w.step());
    }

    @ParameterizedTest
    @EnumSource(SearchStrategy.class)
    void aTuningWhoseClientAlwaysSaturatesNeverReportsAPass(SearchStrategy strategy) {
        SlaTuning r = tuning(4);
        r.getSpec().setStrategy(strategy);
        DeciderWorld w = new DeciderWorld(r);
        w.saturatesOn = pods -> true;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 200 && (w.status == null || !w.status.getPhase().terminal()); i++) {
            w.step();
            w.created();
            creates(w.last)
                    .forEach(c -> assertThat(names.add(c.key().name()))
                            .as("Job names are never reused")
                            .isTrue());
            w.measured();
            w.now = w.now.plus(Duration.ofMinutes(1));
        }
        assertThat(w.status.getPhase()).isIn(Phase.Succeeded, Phase.Failed);
        assertThat(w.status.getResults())
                .extracting(GroupResultStatus::getMaxSatisfied)
                .containsOnlyNulls();
        assertThat(w.status.getProbes())
                .filteredOn(p -> p.getPooled() != null)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.getClientLimited()).isTrue());
    }

    @Test
    void theRadixesOfThePromptOrdinalsMakeRoomForTheRetries() {
        ResolvedSpec spec = ResolvedSpec.of(tuning(8).getSpec(), OperatorSettings.defaults("img"));
        assertThat(spec.runs().maxPods()).isEqualTo(8);
        assertThat(spec.probePlan().shares()).isEqualTo(8);
        // 1 -> 2 -> 4 -> 8: three client-limited runs at most, on top of the search's own.
        assertThat(ClientLimits.extraRuns(1, 8)).isEqualTo(3);
        assertThat(ClientLimits.extraRuns(3, 8)).isEqualTo(2);
        assertThat(ClientLimits.extraRuns(4, 4)).isZero();
        assertThat(spec.probePlan().runsPerPoint()).isEqualTo(spec.tuning().numRuns() * 10 + 3);
        assertThat(spec.probePlan().attempts()).isEqualTo(spec.runs().retries() + 1 + Decider.MAX_INTERRUPTIONS);
    }

    static SlaTuning tuning(Integer maxPods) {
        SlaTuning r = Tunings.seed1("t");
        if (maxPods != null) {
            WorkerSpec w = new WorkerSpec();
            w.setMaxPods(maxPods);
            r.getSpec().setWorker(w);
        }
        return r;
    }

    static Arguments row(
            String scenario,
            Integer maxPods,
            Consumer<DeciderWorld> given,
            BiConsumer<DeciderWorld, Decider.Decision> then) {
        return Arguments.of(scenario, maxPods, given, then);
    }
}
