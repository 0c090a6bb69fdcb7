package dev.slatune.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.slatune.cli.RulesJson;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.search.Fakes.Shape;
import dev.slatune.sla.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Search#verdicts}: per group pass/fail, each condition's measured value, threshold and margin. */
class VerdictsTest {

    private static final String RULES = "[{\"p99_latency\": \"<=2s\", \"tps\": \">=100\"}, {\"tps\": \"max\"}]";

    @Test
    void reportsEachConditionWithItsMargin() {
        TuningPlan plan = TuningPlan.of(Variable.PARALLEL, 4, 1, 64, 1, RulesJson.parse(RULES), Strategy.DEFAULT);
        ProbeResult r = Fakes.result("parallel", 4, new Shape(2.5, 0.1, 150, 0));
        List<GroupVerdict> v = Search.verdicts(plan, new MeasuredPoint(4, List.of(r)));

        assertThat(v)
                .extracting(GroupVerdict::criteria)
                .containsExactly("p99_latency <= 2s AND tps >= 100", "tps -> max");
        GroupVerdict g1 = v.get(0);
        assertThat(g1.pass()).isFalse();
        // 8 requests without a failure do not make the error rule certain either (it rests on min samples too).
        assertThat(g1.reason())
                .isEqualTo("p99_latency = 2.5s, expected <= 2s; uncertain: no failure in 8 requests,"
                        + " fewer than the 200 a verdict needs; p99_latency on 8 samples,"
                        + " fewer than the 200 a verdict needs; tps [46.0572, 253.943] straddles 100 (8 samples)");
        assertThat(g1.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(g1.samples()).isEqualTo(8);
        assertThat(g1.checks())
                .extracting(
                        ConditionCheck::metric,
                        ConditionCheck::op,
                        ConditionCheck::threshold,
                        ConditionCheck::measured,
                        ConditionCheck::margin,
                        ConditionCheck::pass)
                .containsExactly(
                        tuple(Metric.ERROR_RATE, "<=", 0.0, 0.0, 0.0, true),
                        tuple(Metric.P99_LATENCY, "<=", 2.0, 2.5, -0.5, false),
                        tuple(Metric.TPS, ">=", 100.0, 150.0, 50.0, true));
        GroupVerdict g2 = v.get(1);
        assertThat(g2.pass()).isTrue();
        assertThat(g2.reason())
                .isEqualTo("ok; uncertain: no failure in 8 requests, fewer than the 200 a verdict needs");
        assertThat(g2.checks().get(1))
                .extracting(
                        ConditionCheck::metric,
                        ConditionCheck::op,
                        ConditionCheck::threshold,
                        ConditionCheck::measured,
                        ConditionCheck::margin,
                        ConditionCheck::pass)
                .containsExactly(Metric.TPS, "max", null, 150.0, 0.0, true);
    }

    @Test
    void evalScopeAveragesPercentilesPerRunWhileDefaultPools() {
        ProbeResult a = Fakes.result("parallel", 4, Shape.latency(1.0));
        ProbeResult b = Fakes.result("parallel", 4, Shape.latency(3.0));
        MeasuredPoint p = new MeasuredPoint(4, List.of(a, b));
        var rules = RulesJson.parse("[{\"p99_latency\": \"<=2.5s\"}]");

        GroupVerdict avg = Search.verdicts(TuningPlan.of(Variable.PARALLEL, 4, 1, 64, 2, rules, Strategy.EVALSCOPE), p)
                .get(0);
        assertThat(avg.checks().get(1).measured()).isCloseTo(2.0, within(1e-12));
        assertThat(avg.pass()).isTrue();

        // Pooled samples: the slowest 1% of all requests all come from the slow run, so p99 stays at 3 s (of
        // 16 samples, the slowest, which the fake puts at its run's p99).
        GroupVerdict pooled = Search.verdicts(TuningPlan.of(Variable.PARALLEL, 4, 1, 64, 2, rules, Strategy.DEFAULT), p)
                .get(0);
        assertThat(pooled.checks().get(1).measured()).isCloseTo(3.0, within(0.01));
        assertThat(pooled.pass()).isFalse();
    }

    @Test
    void aPointWhereEveryRequestFailedFails() {
        ProbeResult allFailed = Fakes.result("parallel", 4, new Shape(1, 0.1, 0, 1.0));
        TuningPlan plan = TuningPlan.of(
                Variable.PARALLEL, 4, 1, 64, 1, RulesJson.parse("[{\"tps\": \">=0\"}]"), Strategy.DEFAULT);
        GroupVerdict v =
                Search.verdicts(plan, new MeasuredPoint(4, List.of(allFailed))).get(0);
        assertThat(v.pass()).isFalse();
        assertThat(v.reason()).isEqualTo("8 of 8 requests failed (http_5xx x8)");
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
    }
}
