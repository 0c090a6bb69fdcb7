package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.GroupResultStatus;
import dev.slatune.api.GroupVerdictStatus;
import dev.slatune.api.RunState;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.SlaTuningSpec;
import dev.slatune.metrics.ErrorKind;
import dev.slatune.metrics.ProbeRecorder;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.RequestOutcome;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The status budget, measured: a status built by the real decide step, every value measured with
 * every run (a search that never stops early), from results with wide, realistic latency spreads
 * (thousands of requests, some failures), must stay within {@link StatusBudget#worstCase} and the
 * budget, for the defaults and for the largest spec the validator accepts. The numbers printed
 * here are the ones docs/operator-status.md quotes.
 */
class StatusBudgetTest {

    @Test
    void theDefaultsStayWithinTheBudget() {
        SlaTuning r = Tunings.seed1("defaults");
        r.getSpec().setMaxProbes(null);
        int bytes = measure(r, 40, 3, 1);
        assertThat(bytes)
                .isLessThanOrEqualTo((int) StatusBudget.worstCase(40, 3, 1, 1))
                .isLessThanOrEqualTo(StatusBudget.BUDGET_BYTES);
        assertThat(StatusBudget.worstCase(40, 3, 1, 1)).isLessThanOrEqualTo(StatusBudget.BUDGET_BYTES);
    }

    @Test
    void theLargestAcceptedSpecStaysWithinTheBudget() {
        int probes = StatusBudget.maxProbesWithin(SlaTuningSpec.MAX_NUM_RUNS, 2, 4);
        SlaTuning r = Tunings.seed1("largest");
        r.getSpec().setRules(List.of(Map.of("p99_latency", "<=2"), Map.of("p99_ttft", "<=0.5")));
        r.getSpec().setNumRuns(SlaTuningSpec.MAX_NUM_RUNS);
        r.getSpec().setMaxProbes(probes);
        r.getSpec().getProbe().setParallelism(4);
        int bytes = measure(r, probes, SlaTuningSpec.MAX_NUM_RUNS, 4);
        System.out.printf(
                "largest accepted: numRuns 10, maxProbes %d, 2 groups, 4 pods: %d bytes (worst case %d)%n",
                probes, bytes, StatusBudget.worstCase(probes, 10, 2, 4));
        assertThat(bytes)
                .isLessThanOrEqualTo((int) StatusBudget.worstCase(probes, 10, 2, 4))
                .isLessThanOrEqualTo(StatusBudget.BUDGET_BYTES);
    }

    @Test
    void aSpecOverTheBudgetIsRefusedWithTheLargestCapThatFits() {
        SlaTuning r = Tunings.seed1("over");
        r.getSpec().setNumRuns(10);
        r.getSpec().setMaxProbes(64);
        var problem = new SpecValidator(OperatorSettings.defaults("img"), new SearchAdapter()).validate(r.getSpec());
        assertThat(problem).hasValueSatisfying(p -> {
            assertThat(p.field()).isEqualTo("spec.maxProbes");
            assertThat(p.message())
                    .contains("at most " + StatusBudget.maxProbesWithin(10, 1, 1))
                    .contains("256 KiB");
        });
    }

    /** Drives the decide step until every value has every run; returns the largest status written. */
    static int measure(SlaTuning r, int probes, int runs, int pods) {
        DeciderWorld w = new DeciderWorld(r);
        r.getSpec().setNumRuns(runs == 3 && r.getSpec().getNumRuns() == 1 ? null : runs);
        if (runs == 3) {
            r.getSpec().setNumRuns(null);
        }
        w.decider = DeciderWorld.decider(new EveryValue(probes, runs), Decider.RunCheck.NONE);
        Random random = new Random(7);
        int largest = 0;
        for (int i = 0; i < probes * runs * 3 + 5; i++) {
            Decider.Decision d = w.step();
            largest = Math.max(largest, StatusBudget.bytes(d.status()));
            if (d.status().getPhase().terminal()) {
                break;
            }
            w.created();
            long seed = random.nextLong();
            // The shares of one run get the same requests, so their windows overlap as the merge requires.
            w.jobs.replaceAll((name, j) -> j.finished()
                    ? j
                    : new JobSight(
                            name, j.generation(), true, false, new JobOutcome.Measured(wide(new Random(seed), pods))));
        }
        assertThat(w.status.getPhase()).as("%s", w.status.getConditions()).isEqualTo(dev.slatune.api.Phase.Succeeded);
        assertThat(w.status.getProbes())
                .hasSize(probes)
                .allSatisfy(p -> assertThat(p.getRuns())
                        .hasSize(runs)
                        .allSatisfy(run -> assertThat(run.getState()).isEqualTo(RunState.Succeeded)));
        var p0 = w.status.getProbes().get(0);
        int run = io.fabric8.kubernetes.client.utils.Serialization.asJson(
                        p0.getRuns().get(0))
                .length();
        int summary = io.fabric8.kubernetes.client.utils.Serialization.asJson(
                        p0.getRuns().get(0).getSummary())
                .length();
        int metrics = io.fabric8.kubernetes.client.utils.Serialization.asJson(
                        p0.getRuns().get(0).getMetrics())
                .length();
        int pooled = io.fabric8.kubernetes.client.utils.Serialization.asJson(p0.getPooled())
                .length();
        int probe = io.fabric8.kubernetes.client.utils.Serialization.asJson(p0).length();
        System.out.printf(
                "numRuns %d, maxProbes %d, %d pods: largest status %d bytes; per probe %d; run %d "
                        + "(summary %d, metrics %d); pooled %d; probe without runs and pool %d; fixed %d%n",
                runs,
                probes,
                pods,
                largest,
                largest / probes,
                run,
                summary,
                metrics,
                pooled,
                probe - pooled - runs * run,
                largest - probes * probe);
        return largest;
    }

    /**
     * One pod's share: 2,000 requests with latencies spread over two orders of magnitude (so the
     * histograms are as large as real ones get), 1% failures, 200 output tokens each.
     */
    static ProbeResult wide(Random random, int pods) {
        ProbeRecorder rec = new ProbeRecorder(Clock.systemUTC());
        long base = System.nanoTime();
        for (int i = 0; i < 2000 / pods; i++) {
            long s = base + i * 5_000_000L;
            long first = s + (long) (Math.exp(random.nextGaussian() * 1.2 - 2) * 1e9);
            long end = first + (long) (Math.exp(random.nextGaussian() * 0.8 + 1) * 1e9);
            if (i % 100 == 0) {
                rec.record(RequestOutcome.failed(s, s, end, ErrorKind.HTTP_5XX));
                continue;
            }
            long[] itl = new long[199];
            for (int k = 0; k < itl.length; k++) {
                itl[k] = (long) (Math.exp(random.nextGaussian() * 0.6 - 4) * 1e9);
            }
            rec.record(new RequestOutcome(s, s, first, end, 1024, 200, true, itl, null));
        }
        return rec.result("parallel", 8, Double.NaN, 8, null);
    }

    /** A search that measures values 1, 2, ... each {@code runs} times and never stops early. */
    record EveryValue(int probes, int runs) implements SearchPort {
        @Override
        public void checkRules(List<Map<String, String>> rules) {
            new SearchAdapter().checkRules(rules);
        }

        @Override
        public void checkPlan(ResolvedSpec spec) {}

        @Override
        public int maxProbes(ResolvedSpec spec) {
            return probes;
        }

        @Override
        public Decision next(ResolvedSpec spec, List<Point> history) {
            for (Point p : history) {
                if (p.runs().size() < runs) {
                    return new Measure(p.value());
                }
            }
            if (history.size() < probes) {
                return new Measure(history.size() + 1);
            }
            GroupResultStatus g = new GroupResultStatus();
            g.setCriteria("p99_latency <= 2s");
            g.setMaxSatisfied(1.0);
            return new Finish(List.of(g));
        }

        @Override
        public List<GroupVerdictStatus> verdicts(ResolvedSpec spec, Point point) {
            return spec.tuning().rules().stream()
                    .map(m -> new GroupVerdictStatus(
                            m.toString(),
                            false,
                            "p99_latency = 14.2 s, expected <= 2 s (n=6000, p99 in [13.1 s, 15.3 s])"))
                    .toList();
        }
    }
}
