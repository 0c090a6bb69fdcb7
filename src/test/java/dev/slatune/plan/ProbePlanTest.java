package dev.slatune.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.plan.ProbePlan.ShareRun;
import dev.slatune.search.Variable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ProbePlanTest {

    /** The operator's plan: every pod warms up; 3 runs, 3 attempts, up to 3 pods. */
    static ProbePlan operator(Variable v, Integer requests, int pods) {
        return new ProbePlan(v, requests, ProbeDefaults.NUMBER_MULTIPLIER, null, 5, true, pods, 3, 3, 0);
    }

    /** tune's plan: one in-process share that warms up once. */
    static ProbePlan tune(int runs) {
        return new ProbePlan(Variable.PARALLEL, null, 2, null, 4, false, 1, runs, 1, 0);
    }

    @Test
    void concurrencyIsSplitIntoWholeSharesThatAddUp() {
        List<ShareRun> shares = operator(Variable.PARALLEL, 40, 3).run(0, 8, 0, 0);
        assertThat(shares).extracting(ShareRun::value).containsExactly(3.0, 3.0, 2.0);
        // Requests follow the concurrency (5 per slot), so every share lasts about as long.
        assertThat(shares).extracting(ShareRun::requests).containsExactly(15L, 15L, 10L);
        assertThat(shares).extracting(ShareRun::warmupRequests).containsExactly(5, 5, 5);
        // Fewer pods than concurrency: never a pod with nothing to do.
        assertThat(operator(Variable.PARALLEL, 40, 4).run(0, 2, 0, 0))
                .hasSize(2)
                .extracting(ShareRun::value)
                .containsExactly(1.0, 1.0);
    }

    @Test
    void unevenRequestsAreRoundedUpSoNoShareRunsLonger() {
        // 7 requests at concurrency 3 over 2 pods: 3 per slot, not 5 and 2 (3 rounds against 2).
        assertThat(operator(Variable.PARALLEL, 7, 2).run(0, 3, 0, 0))
                .extracting(ShareRun::requests)
                .containsExactly(6L, 3L);
        assertThat(operator(Variable.RATE, 20, 3).run(0, 10, 0, 0))
                .extracting(ShareRun::requests)
                .containsExactly(7L, 7L, 7L);
        assertThat(operator(Variable.PARALLEL, 7, 1).run(0, 3, 0, 0))
                .extracting(ShareRun::requests)
                .containsExactly(7L);
    }

    @Test
    void rateIsSplitEvenlyAndTimedRunsHaveNoCount() {
        ProbePlan timed = new ProbePlan(Variable.RATE, null, 2, Duration.ofSeconds(30), 0, true, 3, 1, 1, 0);
        List<ShareRun> shares = timed.run(0, 19, 0, 0);
        assertThat(shares).hasSize(3).allSatisfy(s -> assertThat(s.requests()).isNull());
        assertThat(shares.stream().mapToDouble(ShareRun::value).sum()).isCloseTo(19.0, Offset.offset(1e-9));
        assertThat(shares.get(0).loadArgs(Variable.RATE)).containsSequence("--duration", "30s");
    }

    @Test
    void requestsAreTheValueTimesTheMultiplierUnlessFixed() {
        assertThat(operator(Variable.PARALLEL, null, 1).requestsAt(7)).isEqualTo(14);
        assertThat(operator(Variable.RATE, null, 1).requestsAt(0.3)).isEqualTo(1);
        assertThat(operator(Variable.RATE, null, 1).requestsAt(2.5)).isEqualTo(5);
        assertThat(operator(Variable.PARALLEL, 100, 1).requestsAt(7)).isEqualTo(100);
    }

    @Test
    void theLoadArgumentsAreExact() {
        assertThat(operator(Variable.RATE, null, 1).run(2, 18.75, 1, 0).get(0).loadArgs(Variable.RATE))
                .containsExactly("--rate", "18.75", "--number", "38", "--warmup-num", "5", "--run", "21");
        assertThat(tune(3).run(0, 4, 0, 0).get(0).loadArgs(Variable.PARALLEL))
                .containsExactly("--parallel", "4", "--number", "8", "--warmup-num", "4", "--run", "0");
    }

    @Test
    void aWarmProcessWarmsUpBeforeTheFirstRunOnly() {
        assertThat(tune(3).run(0, 4, 0, 0).get(0).warmupRequests()).isEqualTo(4);
        assertThat(tune(3).run(0, 4, 1, 0).get(0).warmupRequests()).isZero();
        assertThat(tune(3).run(1, 8, 0, 0).get(0).warmupRequests()).isZero();
        assertThat(operator(Variable.PARALLEL, null, 2).run(4, 8, 2, 1))
                .allSatisfy(s -> assertThat(s.warmupRequests()).isEqualTo(5));
    }

    @Test
    void everyShareOfEveryRunAndAttemptOfATuningGetsItsOwnPromptOrdinal() {
        ProbePlan plan = operator(Variable.PARALLEL, null, 3);
        Set<Integer> seen = new HashSet<>();
        int count = 0;
        for (int probe = 0; probe < 40; probe++) {
            for (int run = 0; run < 3; run++) {
                for (int attempt = 0; attempt < 3; attempt++) {
                    for (ShareRun s : plan.run(probe, 3 + probe, run, attempt)) {
                        seen.add(s.ordinal());
                        count++;
                    }
                }
            }
        }
        assertThat(seen).hasSize(count);
        // tune's --run K moves the whole tuning to later prompts.
        ProbePlan shifted = new ProbePlan(Variable.PARALLEL, null, 2, null, 4, false, 1, 3, 1, 100);
        assertThat(shifted.run(1, 4, 2, 0).get(0).ordinal()).isEqualTo(105);
    }

    @Test
    void aRunOutsideThePlanIsRefusedRatherThanGivenAUsedOrdinal() {
        assertThatThrownBy(() -> tune(3).run(0, 4, 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run 3");
        assertThatThrownBy(() -> operator(Variable.PARALLEL, null, 1).ordinal(0, 0, 3, 0))
                .hasMessageContaining("attempt 3");
        assertThatThrownBy(() -> new ProbePlan(Variable.RATE, 10, 2, Duration.ofSeconds(1), 0, true, 1, 1, 1, 0))
                .hasMessageContaining("not both");
    }
}
