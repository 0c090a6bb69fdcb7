package dev.slatune.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slatune.cli.RulesJson;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The goodput group syntax: a share of requests that must meet per-request SLOs, and its mistakes. */
class GoodputRulesTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(
                        "[{\"goodput\": \">=95%\", \"ttft\": \"<=200ms\", \"tpot\": \"<=50ms\"}]",
                        "goodput >= 95% (ttft <= 200ms, tpot <= 50ms)", 0.95, "ttft<=0.2,tpot<=0.05"),
                Arguments.of(
                        "[{\"ttft\": \"<0.2\", \"goodput\": \">0.9\"}]",
                        "goodput > 90% (ttft < 200ms)",
                        0.9,
                        "ttft<0.2"),
                // The key orders the bounds (latency, ttft, tpot, itl), whatever order they were written in.
                Arguments.of(
                        "[{\"goodput\": \">=99%\", \"itl\": \"<=100ms\", \"latency\": \"<=5s\"}]",
                        "goodput >= 99% (itl <= 100ms, latency <= 5s)", 0.99, "latency<=5,itl<=0.1"),
                Arguments.of(
                        "[{\"Goodput\": \">= 100%\", \"TTFT\": \"<= 1 s\"}]",
                        "goodput >= 100% (ttft <= 1s)", 1.0, "ttft<=1"),
                Arguments.of(
                        "[{\"goodput\": \">=0%\", \"tpot\": \"<=20ms\"}]",
                        "goodput >= 0% (tpot <= 20ms)", 0.0, "tpot<=0.02"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesAGoodputGroup(String json, String criteria, double share, String key) {
        List<RuleGroup> groups = RulesJson.parse(json);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).criteria()).isEqualTo(criteria);
        Condition goodput = groups.get(0).conditions().get(0);
        assertThat(goodput.metric()).isEqualTo(Metric.GOODPUT);
        assertThat(goodput.threshold()).isCloseTo(share, within(1e-12));
        assertThat(goodput.slosKey()).isEqualTo(key);
        assertThat(SlaRules.goodputSets(groups)).containsExactly(key);
    }

    @Test
    void aGoodputGroupMayAlsoBoundOrOptimiseWholePointMetrics() {
        List<RuleGroup> groups = RulesJson.parse(
                "[{\"p99_latency\": \"<=2s\", \"goodput\": \">=95%\", \"ttft\": \"<=200ms\", \"rps\": \"max\"}]");
        RuleGroup g = groups.get(0);
        assertThat(g.conditions())
                .extracting(Condition::metric)
                .containsExactly(Metric.P99_LATENCY, Metric.GOODPUT, Metric.RPS);
        assertThat(g.objective()).get().extracting(Condition::metric).isEqualTo(Metric.RPS);
        assertThat(g.criteria()).isEqualTo("p99_latency <= 2s AND goodput >= 95% (ttft <= 200ms) AND rps -> max");
    }

    @Test
    void groupsShareACountWhenTheirSlosAreTheSame() {
        List<RuleGroup> groups = RulesJson.parse("[{\"goodput\": \">=95%\", \"ttft\": \"<=200ms\"},"
                + " {\"goodput\": \">=99%\", \"ttft\": \"<=0.2\"}, {\"goodput\": \">=90%\", \"latency\": \"<=3s\"},"
                + " {\"p99_ttft\": \"<=1s\"}]");
        assertThat(SlaRules.goodputSets(groups)).containsExactly("ttft<=0.2", "latency<=3");
    }

    @Test
    void evalScopeMsReadsBareSloTimesAsItReadsTheirMetrics() {
        List<String> notes = new ArrayList<>();
        List<RuleGroup> groups = RulesJson.parse(
                "[{\"goodput\": \">=95%\", \"ttft\": \"<=200\", \"latency\": \"<=3\"}]", BareTime.EVALSCOPE_MS, notes);
        assertThat(groups.get(0).conditions().get(0).slosKey()).isEqualTo("latency<=3,ttft<=0.2");
        assertThat(notes).hasSize(2).anyMatch(n -> n.startsWith("ttft <= 200 read as 200 ms"));
    }

    static Stream<Arguments> mistakes() {
        String g = "{\"goodput\": \">=95%\", ";
        return Stream.of(
                Arguments.of(
                        "goodput without SLOs",
                        "[{\"goodput\": \">=95%\"}]",
                        List.of(
                                "group 1",
                                "needs at least one per-request SLO",
                                "latency, ttft, tpot, itl",
                                SlaRules.GOODPUT_EXAMPLE)),
                Arguments.of(
                        "goodput with only whole-point rules",
                        "[{\"goodput\": \">=95%\", \"p99_ttft\": \"<=1s\"}]",
                        List.of("needs at least one per-request SLO")),
                Arguments.of(
                        "a mistyped SLO",
                        "[" + g + "\"ttfb\": \"<=200ms\"}]",
                        List.of("unknown per-request SLO \"ttfb\"", "did you mean ttft", "latency, ttft, tpot, itl")),
                Arguments.of(
                        "an unknown SLO",
                        "[" + g + "\"queue\": \"<=1s\"}]",
                        List.of("unknown per-request SLO \"queue\"", "any metric: avg_latency")),
                Arguments.of(
                        "a share above 100%",
                        "[" + g.replace(">=95%", ">=120%") + "\"ttft\": \"<=1s\"}]",
                        List.of("goodput cannot exceed 1 (100%)", "between 0 and 100%")),
                Arguments.of(
                        "a share as a fraction above 1",
                        "[" + g.replace(">=95%", ">=1.5") + "\"ttft\": \"<=1s\"}]",
                        List.of("goodput cannot exceed 1 (100%)")),
                Arguments.of(
                        "a negative share",
                        "[" + g.replace(">=95%", ">=-5%") + "\"ttft\": \"<=1s\"}]",
                        List.of("must be a number >= 0")),
                Arguments.of(
                        "a share as an upper bound",
                        "[" + g.replace(">=95%", "<=95%") + "\"ttft\": \"<=1s\"}]",
                        List.of("'<=' does not fit goodput", "valid for goodput: >=, >")),
                Arguments.of(
                        "goodput as an objective",
                        "[" + g.replace(">=95%", "max") + "\"ttft\": \"<=1s\"}]",
                        List.of("'max' does not fit goodput")),
                Arguments.of(
                        "a share without operator",
                        "[" + g.replace(">=95%", "95%") + "\"ttft\": \"<=1s\"}]",
                        List.of("does not start with a valid operator")),
                Arguments.of(
                        "an SLO as a lower bound",
                        "[" + g + "\"ttft\": \">=200ms\"}]",
                        List.of("group 1, ttft (per-request SLO)", "write <= or <")),
                Arguments.of(
                        "an SLO without operator",
                        "[" + g + "\"ttft\": \"200ms\"}]",
                        List.of("the number has no operator: write \"<=200ms\"?")),
                Arguments.of(
                        "an SLO in another unit",
                        "[" + g + "\"tpot\": \"<=5 tok\"}]",
                        List.of("unknown time unit 'tok'")),
                Arguments.of("an SLO of zero", "[" + g + "\"tpot\": \"<=0\"}]", List.of("must be a time > 0")),
                Arguments.of(
                        "an SLO outside a goodput group",
                        "[{\"ttft\": \"<=200ms\"}]",
                        List.of("\"ttft\" is a per-request SLO", "add \"goodput\": \">=95%\"", "p99_ttft")),
                Arguments.of(
                        "a mistyped metric outside a goodput group still says what it is near",
                        "[{\"ttfb\": \"<=200ms\"}]",
                        List.of("unknown metric \"ttfb\"", "ttft")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void explainsEveryMistake(String name, String json, List<String> fragments) {
        assertThatThrownBy(() -> RulesJson.parse(json))
                .isInstanceOf(RuleException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void onlyAGoodputConditionCarriesSlos() {
        assertThatThrownBy(() -> new Condition(Metric.GOODPUT, Operator.GE, 0.9))
                .hasMessageContaining("needs at least one per-request SLO");
        assertThatThrownBy(() -> new Condition(
                        Metric.P99_TTFT, Operator.LE, 1.0, List.of(new PerRequestSlo("ttft", Operator.LE, 0.2))))
                .hasMessageContaining("belong to a goodput rule only");
    }

    @Test
    void aGoodputConditionReadsItsOwnSet() {
        Condition c = RulesJson.parse("[{\"goodput\": \">=95%\", \"ttft\": \"<=200ms\"}]")
                .get(0)
                .conditions()
                .get(0);
        Measurements m = new Measurements() {
            @Override
            public double statistic(String distribution, String statistic) {
                return Double.NaN;
            }

            @Override
            public double rps() {
                return 0;
            }

            @Override
            public double tps() {
                return 0;
            }

            @Override
            public double successRate() {
                return 1;
            }

            @Override
            public double goodput(String slos) {
                return slos.equals("ttft<=0.2") ? 0.97 : Double.NaN;
            }
        };
        assertThat(c.read(m)).isEqualTo(0.97);
        assertThat(c.passes(c.read(m))).isTrue();
    }
}
