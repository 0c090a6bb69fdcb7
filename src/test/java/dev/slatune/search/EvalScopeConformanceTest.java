package dev.slatune.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.cli.RulesJson;
import dev.slatune.search.Fakes.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code evalscope} strategy against the cases of issue 4 (the seed document's examples), plus bound edge
 * cases worked out by hand from EvalScope's algorithm: same verdicts, same values in the same order, same rows.
 */
class EvalScopeConformanceTest {

    /** The tps column of the seed's second example, with made-up rising values below 32. */
    private static final Map<Double, Double> SEED_TPS = Map.ofEntries(
            Map.entry(4.0, 1000.0),
            Map.entry(8.0, 2000.0),
            Map.entry(16.0, 4000.0),
            Map.entry(32.0, 5813.67),
            Map.entry(64.0, 5902.57),
            Map.entry(128.0, 7124.25),
            Map.entry(256.0, 8000.89),
            Map.entry(384.0, 8057.1438),
            Map.entry(385.0, 7766.79),
            Map.entry(386.0, 7869.97),
            Map.entry(388.0, 7784.20),
            Map.entry(392.0, 7748.62),
            Map.entry(400.0, 7945.06),
            Map.entry(416.0, 7738.68),
            Map.entry(448.0, 7790.59),
            Map.entry(512.0, 7941.28));

    record Row(Double max, String note) {}

    static Stream<Arguments> cases() {
        DoubleFunction<Shape> upTo5 = v -> Shape.latency(v <= 5 ? 1.0 : 3.0);
        DoubleFunction<Shape> ttftUpTo19 = v -> new Shape(1, v <= 19 ? 0.03 : 0.06, 100, 0);
        DoubleFunction<Shape> seedTps = v -> Shape.tps(SEED_TPS.getOrDefault(v, Double.NaN));
        return Stream.of(
                Arguments.of(
                        "seed example 1: parallel, p99_latency <= 2",
                        Variable.PARALLEL,
                        2,
                        1,
                        64,
                        "[{\"p99_latency\": \"<=2\"}]",
                        upTo5,
                        List.of(2, 4, 8, 6, 5),
                        List.of(new Row(5.0, "Satisfied"))),
                Arguments.of(
                        "seed example 3: rate, two groups, start below the lower bound",
                        Variable.RATE,
                        2,
                        10,
                        40,
                        "[{\"p99_ttft\": \"<0.05\"}, {\"p99_ttft\": \"<0.01\"}]",
                        ttftUpTo19,
                        List.of(10, 20, 15, 17, 18, 19),
                        List.of(new Row(19.0, "Satisfied"), new Row(null, "Failed at lower bound (10)"))),
                Arguments.of(
                        "seed example 2: tps max",
                        Variable.PARALLEL,
                        4,
                        1,
                        65536,
                        "[{\"tps\": \"max\"}]",
                        seedTps,
                        List.of(4, 8, 16, 32, 64, 128, 256, 512, 384, 448, 416, 400, 392, 388, 386, 385),
                        List.of(new Row(384.0, "Best tps: 8057.1438"))),
                Arguments.of(
                        "start fails: halve, then binary search",
                        Variable.PARALLEL,
                        64,
                        1,
                        65536,
                        "[{\"p99_latency\": \"<=2\"}]",
                        upTo5,
                        List.of(64, 32, 16, 8, 4, 6, 5),
                        List.of(new Row(5.0, "Satisfied"))),
                Arguments.of(
                        "start above the upper bound is clamped to it and passes",
                        Variable.PARALLEL,
                        100,
                        1,
                        4,
                        "[{\"p99_latency\": \"<=2\"}]",
                        upTo5,
                        List.of(4),
                        List.of(new Row(4.0, "Satisfied"))),
                Arguments.of(
                        "lower bound equals upper bound, failing",
                        Variable.PARALLEL,
                        2,
                        8,
                        8,
                        "[{\"p99_latency\": \"<=2\"}]",
                        upTo5,
                        List.of(8),
                        List.of(new Row(null, "Failed at lower bound (8)"))),
                Arguments.of(
                        "doubling is capped at the upper bound, which passes",
                        Variable.PARALLEL,
                        1,
                        1,
                        5,
                        "[{\"p99_latency\": \"<=2\"}]",
                        upTo5,
                        List.of(1, 2, 4, 5),
                        List.of(new Row(5.0, "Satisfied"))),
                Arguments.of(
                        "doubling capped at the upper bound, which fails",
                        Variable.PARALLEL,
                        3,
                        1,
                        7,
                        "[{\"p99_latency\": \"<=2\"}]",
                        upTo5,
                        List.of(3, 6, 4, 5),
                        List.of(new Row(5.0, "Satisfied"))),
                Arguments.of(
                        "halving stops at the lower bound, which passes; then the binary search",
                        Variable.PARALLEL,
                        40,
                        5,
                        64,
                        "[{\"p99_latency\": \"<=2\"}]",
                        upTo5,
                        List.of(40, 20, 10, 5, 7, 6),
                        List.of(new Row(5.0, "Satisfied"))),
                Arguments.of(
                        "min latency: doubling never improves, the search between start and 8 keeps the start",
                        Variable.PARALLEL,
                        4,
                        1,
                        64,
                        "[{\"p99_latency\": \"min\"}]",
                        (DoubleFunction<Shape>) v -> Shape.latency(v),
                        List.of(4, 8, 6, 5),
                        List.of(new Row(4.0, "Best p99_latency: 4.0000"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesEvalScope(
            String name,
            Variable variable,
            double start,
            double lb,
            double ub,
            String rules,
            DoubleFunction<Shape> curve,
            List<Integer> expectedOrder,
            List<Row> expectedRows) {
        TuningPlan plan = TuningPlan.of(variable, start, lb, ub, 3, RulesJson.parse(rules), Strategy.EVALSCOPE);

        Driver.Trace t = Driver.drive(plan, (v, run) -> Fakes.result(variable.key(), v, curve.apply(v)));

        assertThat(t.order())
                .containsExactlyElementsOf(
                        expectedOrder.stream().map(Integer::doubleValue).toList());
        assertThat(t.runs()).as("every point gets all 3 runs").isEqualTo(3 * expectedOrder.size());
        assertThat(t.results())
                .extracting(r -> new Row(r.maxSatisfied(), r.note()))
                .containsExactlyElementsOf(expectedRows);
        assertThat(t.results()).allSatisfy(r -> assertThat(r.variable()).isEqualTo(variable.key()));
    }

    @ParameterizedTest(name = "runs per point {0}")
    @MethodSource("runCounts")
    void asksForEachRunOfAPointInARow(int runs) {
        TuningPlan plan = TuningPlan.of(
                Variable.PARALLEL, 2, 1, 64, runs, RulesJson.parse("[{\"p99_latency\": \"<=2\"}]"), Strategy.EVALSCOPE);
        Driver.Trace t = Driver.drive(plan, (v, run) -> Fakes.result("parallel", v, Shape.latency(v <= 5 ? 1 : 3)));
        assertThat(t.history()).allSatisfy(p -> assertThat(p.runs()).hasSize(runs));
        assertThat(t.order()).containsExactly(2.0, 4.0, 8.0, 6.0, 5.0);
    }

    static Stream<Integer> runCounts() {
        return Arrays.stream(new Integer[] {1, 2, 5});
    }
}
