package dev.slatune.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slatune.cli.RulesJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlaRulesTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("[{\"p99_latency\": \"<=2\"}]", "p99_latency <= 2s", 2.0),
                Arguments.of("[{\"p99_latency\": \"<=2s\"}]", "p99_latency <= 2s", 2.0),
                Arguments.of("[{\"p99_ttft\": \"<50ms\"}]", "p99_ttft < 50ms", 0.05),
                Arguments.of("[{\"p99_ttft\": \"< 0.05\"}]", "p99_ttft < 50ms", 0.05),
                Arguments.of("[{\"avg_tpot\": \"≤ 20 ms\"}]", "avg_tpot <= 20ms", 0.02),
                Arguments.of("[{\"p90_latency\": \"<1.5s\"}]", "p90_latency < 1.5s", 1.5),
                Arguments.of("[{\"p50_ttft\": \"<=200ms\"}]", "p50_ttft <= 200ms", 0.2),
                Arguments.of("[{\"avg_itl\": \"<=30ms\"}]", "avg_itl <= 30ms", 0.03),
                Arguments.of("[{\"p99_itl\": \"<0.1\"}]", "p99_itl < 100ms", 0.1),
                Arguments.of("[{\"rps\": \">=30\"}]", "rps >= 30", 30.0),
                Arguments.of("[{\"tps\": \"≥ 1000.5\"}]", "tps >= 1000.5", 1000.5),
                Arguments.of("[{\"success_rate\": \">=99%\"}]", "success_rate >= 99%", 0.99),
                Arguments.of("[{\"success_rate\": \">0.995\"}]", "success_rate > 99.5%", 0.995),
                Arguments.of("{\"p99_latency\": \"<=2\"}", "p99_latency <= 2s", 2.0),
                Arguments.of("[{\"tps\": \"max\"}]", "tps -> max", null),
                Arguments.of("[{\"rps\": \"MAX\"}]", "rps -> max", null),
                Arguments.of("[{\"p99_latency\": \"min\"}]", "p99_latency -> min", null),
                Arguments.of("[{\"avg_latency\": \"  <= 2.5e0  \"}]", "avg_latency <= 2.5s", 2.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesTheEvalScopeForm(String json, String criteria, Double threshold) {
        List<RuleGroup> groups = RulesJson.parse(json);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).criteria()).isEqualTo(criteria);
        Double t = groups.get(0).conditions().get(0).threshold();
        if (threshold == null) {
            assertThat(t).isNull();
        } else {
            assertThat(t).isCloseTo(threshold, within(1e-12));
        }
    }

    @Test
    void keepsGroupsAndConditionsInOrder() {
        List<RuleGroup> groups = RulesJson.parse(
                "[{\"p99_latency\": \"<=2s\", \"p99_ttft\": \"<50ms\"}, {\"tps\": \"max\", \"p99_ttft\": \"<1\"}]");
        assertThat(groups)
                .extracting(RuleGroup::criteria)
                .containsExactly("p99_latency <= 2s AND p99_ttft < 50ms", "tps -> max AND p99_ttft < 1s");
        assertThat(groups.get(1).objective())
                .get()
                .extracting(Condition::metric)
                .isEqualTo(Metric.TPS);
        assertThat(groups.get(1).constraints()).extracting(Condition::metric).containsExactly(Metric.P99_TTFT);
    }

    @Test
    void decodedFormGivesTheSameRules() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("p99_latency", "<=2s");
        g.put("rps", ">=10");
        assertThat(SlaRules.fromGroups(List.of(g)))
                .isEqualTo(RulesJson.parse("[{\"p99_latency\": \"<=2\", \"rps\": \">= 10\"}]"));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("empty text", "", List.of("no SLA rules given", "p99_latency")),
                Arguments.of("empty list", "[]", List.of("list of rule groups is empty", "e.g.")),
                Arguments.of("empty group", "[{}]", List.of("group 1 is empty")),
                Arguments.of("not JSON", "[{p99_latency: <=2}]", List.of("not valid JSON", "character 3", "^")),
                Arguments.of("trailing text", "[{\"tps\": \"max\"}] x", List.of("not valid JSON", "after the end")),
                Arguments.of("not a list", "\"<=2\"", List.of("must be a JSON list of groups")),
                Arguments.of("group not an object", "[\"p99_latency\"]", List.of("group 1 must be a JSON object")),
                Arguments.of(
                        "unknown metric with a typo",
                        "[{\"p99_latncy\": \"<=2\"}]",
                        List.of(
                                "unknown metric \"p99_latncy\"",
                                "did you mean p99_latency",
                                "valid metrics:",
                                "success_rate")),
                Arguments.of(
                        "unknown metric, words swapped", "[{\"ttft_p99\": \"<=2\"}]", List.of("did you mean p99_ttft")),
                Arguments.of(
                        "unknown percentile",
                        "[{\"p95_latency\": \"<=2\"}]",
                        List.of("unknown metric \"p95_latency\"", "p90_latency", "p99_latency")),
                Arguments.of(
                        "bad operator",
                        "[{\"p99_latency\": \"=2\"}]",
                        List.of("\"=2\" does not start with a valid operator", "<=, <, >=, >, ≤, ≥, max, min")),
                Arguments.of("missing operator", "[{\"p99_latency\": \"2\"}]", List.of("no operator", "\"<=2\"")),
                Arguments.of("bare JSON number", "[{\"p99_latency\": 2}]", List.of("no operator", "<=2")),
                Arguments.of(
                        "missing number",
                        "[{\"p99_latency\": \"<=\"}]",
                        List.of("missing number after '<='", "e.g. \"<=2s\"")),
                Arguments.of(
                        "not a number",
                        "[{\"p99_latency\": \"<=fast\"}]",
                        List.of("\"fast\" is not a number", "<50ms")),
                Arguments.of(
                        "unknown time unit",
                        "[{\"p99_latency\": \"<=2min\"}]",
                        List.of("unknown time unit 'min'", "valid: ms, s")),
                Arguments.of(
                        "unit on a throughput", "[{\"rps\": \">=30ms\"}]", List.of("unexpected unit 'ms'", "req/s")),
                Arguments.of(
                        "max on a latency",
                        "[{\"p99_latency\": \"max\"}]",
                        List.of(
                                "'max' does not fit p99_latency",
                                "lower is better",
                                "valid for p99_latency: <=, <, min")),
                Arguments.of(
                        "min on a throughput",
                        "[{\"tps\": \"min\"}]",
                        List.of("'min' does not fit tps", "higher is better", ">=, >, max")),
                Arguments.of("upper bound on a throughput", "[{\"rps\": \"<=30\"}]", List.of("'<=' does not fit rps")),
                Arguments.of("number after max", "[{\"tps\": \"max 100\"}]", List.of("'max' takes no number")),
                Arguments.of("negative threshold", "[{\"p99_latency\": \"<=-1\"}]", List.of(">= 0")),
                Arguments.of("success rate above 100%", "[{\"success_rate\": \">=120%\"}]", List.of("cannot exceed 1")),
                Arguments.of(
                        "two objectives in a group",
                        "[{\"tps\": \"max\", \"rps\": \"max\"}]",
                        List.of("2 max/min conditions", "at most one")),
                Arguments.of(
                        "duplicate key", "[{\"tps\": \"max\", \"tps\": \">=3\"}]", List.of("\"tps\" appears twice")),
                Arguments.of("condition not a string", "[{\"tps\": [1]}]", List.of("must be a string")),
                Arguments.of("empty condition", "[{\"tps\": \"\"}]", List.of("the condition is empty")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void explainsEveryMistake(String name, String json, List<String> fragments) {
        assertThatThrownBy(() -> RulesJson.parse(json))
                .isInstanceOf(RuleException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void decodedFormRejectsAnEmptyList() {
        assertThatThrownBy(() -> SlaRules.fromGroups(List.of()))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void theErrorNamesTheGroup() {
        assertThatThrownBy(() -> RulesJson.parse("[{\"tps\": \"max\"}, {\"p99_ttft\": \"<<1\"}]"))
                .hasMessageStartingWith("group 2, p99_ttft:");
    }
}
