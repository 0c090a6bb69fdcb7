package dev.slatune.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricTest {

    /** Statistic s of distribution d reads as (index of d) * 10 + (index of s). */
    private static final Measurements M = new Measurements() {
        @Override
        public double statistic(String distribution, String statistic) {
            int d = java.util.List.of("latency", "ttft", "tpot", "itl").indexOf(distribution);
            int s = java.util.List.of("avg", "p50", "p90", "p99").indexOf(statistic);
            if (d < 0 || s < 0) {
                throw new AssertionError(distribution + "/" + statistic);
            }
            return d * 10 + s;
        }

        @Override
        public double rps() {
            return 100;
        }

        @Override
        public double tps() {
            return 200;
        }

        @Override
        public double successRate() {
            return 0.5;
        }
    };

    static Stream<Arguments> metrics() {
        return Stream.of(
                Arguments.of("avg_latency", 0.0, Unit.SECONDS),
                Arguments.of("p50_latency", 1.0, Unit.SECONDS),
                Arguments.of("p90_latency", 2.0, Unit.SECONDS),
                Arguments.of("p99_latency", 3.0, Unit.SECONDS),
                Arguments.of("avg_ttft", 10.0, Unit.SECONDS),
                Arguments.of("p50_ttft", 11.0, Unit.SECONDS),
                Arguments.of("p90_ttft", 12.0, Unit.SECONDS),
                Arguments.of("p99_ttft", 13.0, Unit.SECONDS),
                Arguments.of("avg_tpot", 20.0, Unit.SECONDS),
                Arguments.of("p50_tpot", 21.0, Unit.SECONDS),
                Arguments.of("p90_tpot", 22.0, Unit.SECONDS),
                Arguments.of("p99_tpot", 23.0, Unit.SECONDS),
                Arguments.of("avg_itl", 30.0, Unit.SECONDS),
                Arguments.of("p99_itl", 33.0, Unit.SECONDS),
                Arguments.of("rps", 100.0, Unit.REQUESTS_PER_SECOND),
                Arguments.of("tps", 200.0, Unit.TOKENS_PER_SECOND),
                Arguments.of("success_rate", 0.5, Unit.FRACTION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void readsItsValueInBaseUnits(String name, double expected, Unit unit) {
        Metric m = Metric.byName(name).orElseThrow();
        assertThat(m.name()).isEqualTo(name);
        assertThat(m.read(M)).isEqualTo(expected);
        assertThat(m.unit()).isEqualTo(unit);
        assertThat(m.label()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void offersOnlyTheOperatorsThatFit(String name, double ignored, Unit unit) {
        Metric m = Metric.byName(name).orElseThrow();
        if (unit == Unit.SECONDS) {
            assertThat(m.operators()).containsExactly(Operator.LE, Operator.LT, Operator.MIN);
        } else if (unit == Unit.FRACTION) {
            assertThat(m.operators()).containsExactly(Operator.GE, Operator.GT);
        } else {
            assertThat(m.operators()).containsExactly(Operator.GE, Operator.GT, Operator.MAX);
        }
    }

    static Stream<Arguments> comparisons() {
        return Stream.of(
                Arguments.of(Operator.LE, 2.0, 2.0, true, 0.0), Arguments.of(Operator.LT, 2.0, 2.0, false, 0.0),
                Arguments.of(Operator.LE, 1.5, 2.0, true, 0.5), Arguments.of(Operator.LE, 2.5, 2.0, false, -0.5),
                Arguments.of(Operator.GE, 30.0, 30.0, true, 0.0), Arguments.of(Operator.GT, 30.0, 30.0, false, 0.0),
                Arguments.of(Operator.GE, 20.0, 30.0, false, -10.0),
                        Arguments.of(Operator.LE, Double.NaN, 2.0, false, Double.NaN));
    }

    @ParameterizedTest(name = "{1} {0} {2}")
    @MethodSource("comparisons")
    void comparesAndMeasuresTheMargin(Operator op, double measured, double threshold, boolean pass, double margin) {
        Condition c = new Condition(Metric.P99_LATENCY, op, threshold);
        assertThat(c.passes(measured)).isEqualTo(pass);
        assertThat(Double.valueOf(c.margin(measured))).isEqualTo(Double.valueOf(margin));
    }
}
