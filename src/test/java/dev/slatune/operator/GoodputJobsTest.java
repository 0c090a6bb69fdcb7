package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.MetricsSummary;
import dev.slatune.api.SlaTuning;
import dev.slatune.metrics.GoodputCount;
import dev.slatune.metrics.GoodputSlo;
import dev.slatune.metrics.ProbeRecorder;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import dev.slatune.metrics.RequestOutcome;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Goodput rules reach the load pods as --goodput sets, and their counts reach the status. */
class GoodputJobsTest {

    final OperatorSettings settings = OperatorSettings.defaults("registry.example/slatune:test");
    final LoadJobBuilder builder = new LoadJobBuilder(settings);

    private List<String> args(SlaTuning r) {
        ResolvedSpec spec = ResolvedSpec.of(r.getSpec(), settings);
        Job j = builder.build(
                r, spec, JobKey.of(r, 1, 2, 0, 0, 0), 8, LoadShare.of(spec, 8).get(0), null);
        return j.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    }

    @Test
    void everyLoadPodCountsTheSetsOfTheGoodputRules() {
        SlaTuning r = Tunings.base("goodput");
        r.getSpec()
                .setRules(List.of(
                        Map.of("goodput", ">=95%", "ttft", "<=200ms", "tpot", "<=50ms"),
                        Map.of("p99_latency", "<=2s"),
                        Map.of("goodput", ">=99%", "latency", "<=5s")));
        List<String> a = args(r);
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < a.size() - 1; i++) {
            if (a.get(i).equals("--goodput")) {
                sets.add(a.get(i + 1));
            }
        }
        assertThat(sets).containsExactly("ttft<=0.2,tpot<=0.05", "latency<=5");
        // The load reads each set back under the same key, which is what the search looks its count up by.
        assertThat(sets.stream().map(s -> GoodputSlo.parse(s).key())).containsExactlyElementsOf(sets);
    }

    @Test
    void withoutGoodputRulesThePodsCountNothing() {
        assertThat(args(Tunings.base("plain"))).doesNotContain("--goodput");
    }

    @Test
    void theStatusShowsShareAndRateAndTheRunSummaryKeepsTheCounts() {
        ProbeRecorder rec = new ProbeRecorder(Clock.systemUTC(), 0, List.of(GoodputSlo.parse("ttft<=0.2")));
        long ms = 1_000_000L;
        rec.record(new RequestOutcome(0, 0, 100 * ms, 500 * ms, 10, 3, true, new long[] {200 * ms, 200 * ms}, null));
        rec.record(new RequestOutcome(0, 0, 300 * ms, 1000 * ms, 10, 3, true, new long[] {350 * ms, 350 * ms}, null));
        ProbeResult r = rec.result("parallel", 2, Double.NaN, 2, null);

        MetricsSummary m = Summaries.of(r);
        assertThat(m.getGoodput()).singleElement().satisfies(g -> {
            assertThat(g.getSlos()).isEqualTo("ttft<=0.2");
            assertThat(g.getMet()).isEqualTo(1);
            assertThat(g.getTotal()).isEqualTo(2);
            assertThat(g.getShare()).isEqualTo(0.5);
            assertThat(g.getRps()).isCloseTo(1 / r.windowSeconds(), org.assertj.core.api.Assertions.within(1e-4));
        });
        assertThat(Summaries.of(r.withGoodput(List.of())).getGoodput()).isNull();

        ProbeResult back = ProbeResultCodec.fromJson(RunRecords.summaryJson(r));
        assertThat(back.goodput()).containsExactly(new GoodputCount("ttft<=0.2", 1, 2));
    }
}
