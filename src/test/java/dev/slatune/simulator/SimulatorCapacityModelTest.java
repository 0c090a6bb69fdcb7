package dev.slatune.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pure predictions of {@link CapacityModel}, checked against the formulas of docs/simulator.md by hand. */
class SimulatorCapacityModelTest {

    private static final CapacityModel MODEL =
            new CapacityModel(8, Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofNanos(10_000), 0);

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    @Test
    void belowTheSlotsEachClientSpendsOutputPlusOneSteps() {
        // C=4, P=100, N=20: running = 4*20/21, prefill = 4*100/21 tokens per step.
        Prediction p = MODEL.predict(4, 100, 20);
        double step = 10 + 1.0 * 4 * 20 / 21 + 0.01 * 4 * 100 / 21;
        assertThat(ms(p.tpot())).isCloseTo(step, within(1e-3));
        assertThat(ms(p.latency())).isCloseTo(21 * step, within(1e-3));
        assertThat(ms(p.ttft())).isCloseTo(2 * step, within(1e-3));
        assertThat(p.rps()).isCloseTo(4 / (21 * step / 1000), within(1e-6));
        assertThat(p.tps()).isCloseTo(p.rps() * 20, within(1e-6));
    }

    @Test
    void beyondTheSlotsRequestsQueueAndLatencyGrowsLinearly() {
        Prediction p = MODEL.predict(16, 100, 20);
        double step = 10 + 8 + 0.01 * 8 * 100 / 20;
        double rps = 8 / (20 * step / 1000);
        assertThat(ms(p.tpot())).isCloseTo(step, within(1e-3));
        assertThat(p.rps()).isCloseTo(rps, within(1e-6));
        assertThat(ms(p.latency())).isCloseTo(16 / rps * 1000, within(1e-3));
        assertThat(ms(p.ttft())).isCloseTo(16 / rps * 1000 - 19 * step, within(1e-3));
        // Throughput saturates: doubling the clients again doubles latency and leaves rps alone.
        Prediction twice = MODEL.predict(32, 100, 20);
        assertThat(twice.rps()).isCloseTo(p.rps(), within(1e-9));
        assertThat(ms(twice.latency())).isCloseTo(2 * ms(p.latency()), within(1e-3));
    }

    @Test
    void latencyRisesWithConcurrency() {
        double previous = 0;
        for (int c = 1; c <= 40; c++) {
            double latency = ms(MODEL.predict(c, 100, 20).latency());
            assertThat(latency).as("latency at concurrency %d", c).isGreaterThan(previous);
            previous = latency;
        }
    }

    @Test
    void maxConcurrencyWithinALatencyLimitIsTheLastConcurrencyBelowIt() {
        int c = MODEL.maxConcurrencyWithin(Duration.ofMillis(600), 100, 20, 64);
        assertThat(MODEL.predict(c, 100, 20).latency()).isLessThanOrEqualTo(Duration.ofMillis(600));
        assertThat(MODEL.predict(c + 1, 100, 20).latency()).isGreaterThan(Duration.ofMillis(600));
        assertThat(MODEL.maxConcurrencyWithin(Duration.ofMillis(1), 100, 20, 64))
                .isZero();
        assertThat(MODEL.maxConcurrencyWithin(Duration.ofHours(1), 100, 20, 64)).isEqualTo(64);
    }

    @Test
    void theWorkedExampleOfTheDocHolds() {
        // docs/simulator.md: defaults, P = 1024, N = 128, latency = 1032 ms + 39.68 ms x C.
        CapacityModel d = CapacityModel.DEFAULT;
        assertThat(ms(d.predict(24, 1024, 128).latency())).isCloseTo(1032 + 39.68 * 24, within(1e-3));
        assertThat(d.maxConcurrencyWithin(Duration.ofSeconds(2), 1024, 128, 512))
                .isEqualTo(24);
    }

    @Test
    void stepTimeFollowsTheFormula() {
        assertThat(MODEL.stepNanos(3, 500)).isEqualTo(10_000_000 + 3 * 1_000_000 + 500 * 10_000L);
        assertThat(CapacityModel.ZERO.stepNanos(100, 100_000)).isZero();
    }

    @Test
    void jitterStretchesStepsWithinItsBoundsKeepsTheMeanAndFollowsTheSeed() {
        CapacityModel j = new CapacityModel(8, Duration.ofMillis(10), Duration.ZERO, Duration.ZERO, 0.5);
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        double sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long step = j.stepNanos(1, 0, a);
            assertThat(j.stepNanos(1, 0, b)).isEqualTo(step);
            sum += step;
            min = Math.min(min, step);
            max = Math.max(max, step);
        }
        assertThat(min).isBetween(5_000_000L, 5_200_000L);
        assertThat(max).isBetween(14_800_000L, 15_000_000L);
        assertThat(sum / 10_000).isCloseTo(10_000_000, within(100_000.0));
        assertThat(MODEL.stepNanos(1, 0, new SplittableRandom(1))).isEqualTo(MODEL.stepNanos(1, 0));
    }

    @Test
    void invalidModelsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> new CapacityModel(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0))
                .hasMessageContaining("slots must be at least 1");
        assertThatThrownBy(() -> new CapacityModel(1, Duration.ofMillis(-1), Duration.ZERO, Duration.ZERO, 0))
                .hasMessageContaining("decodeBase");
        assertThatThrownBy(() -> new CapacityModel(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1.5))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> MODEL.predict(0, 1, 1)).hasMessageContaining("concurrency >= 1");
    }
}
