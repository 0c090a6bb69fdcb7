package dev.slatune.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slatune.cli.RulesJson;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import dev.slatune.sla.RuleGroup;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A value whose load generator was the bottleneck never counts as a pass, in either strategy: the
 * search {@code tune} runs in one process and the operator drives from its status. The target here
 * meets the SLA everywhere; only the client fails to keep up above concurrency 8, so every answer
 * above 8 would rest on numbers that measured the client.
 */
class ClientLimitedSearchTest {

    private static final List<RuleGroup> RULES = RulesJson.parse("[{\"p99_latency\": \"<=2s\"}]");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void aClientLimitedValueIsNeverThePass(Strategy strategy) {
        TuningPlan plan = TuningPlan.of(Variable.PARALLEL, 2, 1, 64, 1, RULES, strategy);
        Driver.Trace t = Driver.drive(plan, (v, run) -> {
            ProbeResult r = Fakes.result("parallel", v, Fakes.Shape.latency(0.5));
            return v > 8 ? saturated(r) : r;
        });
        GroupResult g = t.results().get(0);
        // The default strategy may find no confident pass at all on these few requests; never one above 8.
        assertThat(g.maxSatisfied() == null ? 0.0 : g.maxSatisfied()).isLessThanOrEqualTo(8.0);
        if (strategy == Strategy.EVALSCOPE) {
            assertThat(g.maxSatisfied()).isEqualTo(8.0);
        }
        assertThat(t.history()).anySatisfy(p -> assertThat(p.value()).isGreaterThan(8.0));
        for (MeasuredPoint p : t.history()) {
            GroupVerdict v = Search.verdicts(plan, p).get(0);
            if (p.value() > 8) {
                assertThat(v.clientLimited()).isTrue();
                assertThat(v.verdict()).isNotEqualTo(Verdict.PASS);
                assertThat(v.reason()).contains("the client was the bottleneck");
            }
        }
    }

    private static ProbeResult saturated(ProbeResult r) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(ProbeResultCodec.toJson(r));
            tree.with("client").put("saturated", true).put("reason", "client sent late: schedule lag p99 40.0 ms");
            return ProbeResultCodec.fromJson(JSON.writeValueAsString(tree));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
