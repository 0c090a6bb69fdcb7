package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** load --start-at: wait for the agreed instant, or say how late. */
class StartGateTest {

    long now = 1_800_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    StartGate gate() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId z) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now);
            }
        };
        return new StartGate(clock, ms -> {
            sleeps.add(ms);
            now += ms;
        });
    }

    @Test
    void anEarlyPodWaitsUntilTheAgreedStart() {
        assertThat(gate().await(now + 2_500)).isZero();
        assertThat(sleeps).containsExactly(1000L, 1000L, 500L);
        assertThat(now).isEqualTo(1_800_000_002_500L);
    }

    @Test
    void aLatePodStartsAtOnceAndSaysByHowMuch() {
        assertThat(gate().await(now - 4_200)).isEqualTo(4_200);
        assertThat(sleeps).isEmpty();
        assertThat(StartGate.lateMessage(4_200)).contains("arrived 4.2 s after --start-at");
    }
}
