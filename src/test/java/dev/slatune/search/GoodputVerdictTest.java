package dev.slatune.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.cli.RulesJson;
import dev.slatune.metrics.GoodputCount;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.sla.RuleGroup;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A goodput rule is judged like the success rate: the Wilson interval of met over measured requests. */
class GoodputVerdictTest {

    private static final RuleGroup GROUP =
            RulesJson.parse("[{\"goodput\": \">=95%\", \"ttft\": \"<=200ms\"}]").get(0);

    static Stream<Arguments> counts() {
        return Stream.of(
                // 300 of 300: Wilson [98.7%, 100%] lies above 95%
                Arguments.of(300L, 300L, Verdict.PASS, true),
                // 296 of 300 (98.7%): [96.6%, 99.5%]
                Arguments.of(296L, 300L, Verdict.PASS, true),
                // 290 of 300 (96.7%): [94.0%, 98.2%] straddles 95%
                Arguments.of(290L, 300L, Verdict.UNCERTAIN, true),
                // 20 of 20: [83.9%, 100%] passes on the estimate, too few requests to be sure
                Arguments.of(20L, 20L, Verdict.UNCERTAIN, true),
                // 280 of 300 (93.3%): [89.9%, 95.7%] straddles, failing on the estimate
                Arguments.of(280L, 300L, Verdict.UNCERTAIN, false),
                // 250 of 300 (83.3%): [78.7%, 87.1%] lies below
                Arguments.of(250L, 300L, Verdict.FAIL, false),
                // not counted (a load pod without --goodput): nothing to pass on
                Arguments.of(-1L, 300L, Verdict.FAIL, false));
    }

    @ParameterizedTest(name = "{0} of {1}: {2}")
    @MethodSource("counts")
    void judgesTheShareWithItsWilsonInterval(long met, long total, Verdict verdict, boolean pass) {
        ProbeResult r = Fakes.result("parallel", 150, Fakes.Shape.latency(0.5))
                .withGoodput(met < 0 ? List.of() : List.of(new GoodputCount("ttft<=0.2", met, total)));
        GroupVerdict v = Judge.verdict(GROUP, r, 0.0);
        ConditionCheck c = v.checks().get(1);
        assertThat(c.metric()).isEqualTo(dev.slatune.sla.Metric.GOODPUT);
        assertThat(c.verdict()).isEqualTo(verdict);
        assertThat(c.pass()).isEqualTo(pass);
        if (met >= 0) {
            double[] wilson = Intervals.wilson(met, total, 0.95);
            assertThat(c.samples()).isEqualTo(total);
            assertThat(c.low()).isEqualTo(wilson[0]);
            assertThat(c.high()).isEqualTo(wilson[1]);
            assertThat(c.measured()).isEqualTo((double) met / total);
        }
        assertThat(v.pass()).isEqualTo(pass);
        if (verdict == Verdict.UNCERTAIN) {
            assertThat(v.verdict()).isEqualTo(Verdict.UNCERTAIN);
            assertThat(v.reason()).contains("goodput [");
            assertThat(c.needed()).isGreaterThan(c.samples());
        } else if (verdict == Verdict.FAIL) {
            assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(v.reason()).contains("goodput = ", "expected >= 95%");
        }
    }
}
