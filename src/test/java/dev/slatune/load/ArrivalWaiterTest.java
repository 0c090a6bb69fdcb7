package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The open loop's wait: never returns early, and learns how early to wake from how late parking wakes. */
class ArrivalWaiterTest {

    @Test
    void neverReturnsBeforeTheDeadline() {
        ArrivalWaiter w = new ArrivalWaiter();
        for (int i = 0; i < 50; i++) {
            long deadline = System.nanoTime() + 300_000L;
            w.waitUntil(deadline);
            assertThat(System.nanoTime()).isGreaterThanOrEqualTo(deadline);
        }
        long past = System.nanoTime() - 1_000_000L;
        w.waitUntil(past); // already due: returns at once
        assertThat(w.lead()).isBetween(0L, ArrivalWaiter.MAX_LEAD_NANOS);
    }

    @Test
    void theLeadSettlesAtTheNinetiethPercentileOfTheLateness() {
        ArrivalWaiter w = new ArrivalWaiter();
        SplittableRandom r = new SplittableRandom(3);
        // Parking wakes 60-90 us late (uniform), and one time in fifty 5 ms late (the thread was not scheduled).
        for (int i = 0; i < 20_000; i++) {
            w.observe(r.nextInt(50) == 0 ? 5_000_000L : 60_000L + r.nextInt(30_001));
        }
        // p90 of the mixture: 2% beyond the cap, so the timer part's (0.90 - 0.02) / 0.98 quantile, about 87 us.
        assertThat(w.lead()).isBetween(80_000L, 92_000L);
    }

    @Test
    void theLeadIsCappedAndFloored() {
        ArrivalWaiter w = new ArrivalWaiter();
        for (int i = 0; i < 1_000; i++) {
            w.observe(10_000_000L);
        }
        assertThat(w.lead()).isEqualTo(ArrivalWaiter.MAX_LEAD_NANOS);
        for (int i = 0; i < 1_000; i++) {
            w.observe(-5_000L);
        }
        assertThat(w.lead()).isZero();
    }
}
