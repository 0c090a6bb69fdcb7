package dev.slatune.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.cli.RulesJson;
import dev.slatune.sla.RuleGroup;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TuningPlanTest {

    private static final List<RuleGroup> RULES = RulesJson.parse("[{\"p99_latency\": \"<=2s\"}]");

    private static TuningPlan plan(Variable v, double start, double lb, double ub, int runs, Strategy s) {
        return TuningPlan.of(v, start, lb, ub, runs, RULES, s);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        "bounds reversed",
                        (Supplier<?>) () -> plan(Variable.RATE, 1, 10, 5, 1, Strategy.DEFAULT),
                        "lower bound 10 is above upper bound 5"),
                Arguments.of(
                        "zero lower bound",
                        (Supplier<?>) () -> plan(Variable.RATE, 1, 0, 5, 1, Strategy.DEFAULT),
                        "lower bound must be a number above 0, got 0"),
                Arguments.of(
                        "negative start",
                        (Supplier<?>) () -> plan(Variable.RATE, -1, 1, 5, 1, Strategy.DEFAULT),
                        "start must be a number above 0"),
                Arguments.of(
                        "infinite bound",
                        (Supplier<?>) () -> plan(Variable.RATE, 1, 1, Double.POSITIVE_INFINITY, 1, Strategy.DEFAULT),
                        "upper bound must be a number above 0"),
                Arguments.of(
                        "no runs",
                        (Supplier<?>) () -> plan(Variable.RATE, 1, 1, 5, 0, Strategy.DEFAULT),
                        "runs per point must be at least 1, got 0"),
                Arguments.of(
                        "fractional parallel",
                        (Supplier<?>) () -> plan(Variable.PARALLEL, 1.5, 1, 5, 1, Strategy.DEFAULT),
                        "start must be a whole number, got 1.5: parallel is a whole number"),
                Arguments.of(
                        "fractional rate under evalscope",
                        (Supplier<?>) () -> plan(Variable.RATE, 1, 0.5, 5, 1, Strategy.EVALSCOPE),
                        "the evalscope strategy searches whole numbers"),
                Arguments.of(
                        "tolerance of 0",
                        (Supplier<?>) () -> plan(Variable.RATE, 1, 1, 5, 1, Strategy.DEFAULT)
                                .withTolerance(0),
                        "tolerance must be a fraction between 0 and 1"),
                Arguments.of(
                        "no probes",
                        (Supplier<?>) () -> plan(Variable.RATE, 1, 1, 5, 1, Strategy.DEFAULT)
                                .withMaxProbes(0),
                        "max probes must be at least 1"),
                Arguments.of(
                        "error rate of 1",
                        (Supplier<?>) () -> plan(Variable.RATE, 1, 1, 5, 1, Strategy.DEFAULT)
                                .withMaxErrorRate(1),
                        "max error rate must be a fraction in [0, 1)"),
                Arguments.of(
                        "no groups",
                        (Supplier<?>) () -> TuningPlan.of(Variable.RATE, 1, 1, 5, 1, List.of(), Strategy.DEFAULT),
                        "no rule groups"),
                Arguments.of(
                        "mixed group under evalscope",
                        (Supplier<?>) () -> TuningPlan.of(
                                Variable.PARALLEL,
                                1,
                                1,
                                5,
                                1,
                                RulesJson.parse("[{\"tps\": \"max\", \"p99_latency\": \"<=2\"}]"),
                                Strategy.EVALSCOPE),
                        "use strategy default"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithAClearMessage(String name, Supplier<?> make, String message) {
        assertThatThrownBy(make::get)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void ofUsesTheDocumentedDefaults() {
        TuningPlan p = plan(Variable.RATE, 100, 1, 50, 3, Strategy.DEFAULT);
        assertThat(p.tolerance()).isEqualTo(0.05);
        assertThat(p.maxProbes()).isEqualTo(40);
        assertThat(p.maxErrorRate()).isEqualTo(0);
        assertThat(p.clampedStart()).isEqualTo(50);
    }

    @Test
    void keysRoundTripAndUnknownKeysListTheValidOnes() {
        for (Variable v : Variable.values()) {
            assertThat(Variable.ofKey(v.key())).isEqualTo(v);
        }
        for (Strategy s : Strategy.values()) {
            assertThat(Strategy.ofKey(s.key())).isEqualTo(s);
        }
        assertThat(Variable.ofKey(" Rate ")).isEqualTo(Variable.RATE);
        assertThatThrownBy(() -> Variable.ofKey("concurrency"))
                .hasMessage("unknown SLA variable 'concurrency'; valid: parallel, rate");
        assertThatThrownBy(() -> Strategy.ofKey("binary"))
                .hasMessage("unknown search strategy 'binary'; valid: default, evalscope");
    }
}
