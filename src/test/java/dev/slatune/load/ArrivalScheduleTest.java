package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Arrival offsets: exact spacing for constant, exponential gaps of the right mean for Poisson. */
class ArrivalScheduleTest {

    @Test
    void constantArrivalsAreExactlyOneOverRateApart() {
        ArrivalSchedule s = new ArrivalSchedule(3, Arrival.CONSTANT, 1);
        assertThat(s.nextOffsetNanos()).isZero();
        assertThat(s.nextOffsetNanos()).isEqualTo(333_333_333L);
        assertThat(s.nextOffsetNanos()).isEqualTo(666_666_667L);
        assertThat(s.nextOffsetNanos()).isEqualTo(1_000_000_000L);
    }

    @Test
    void fractionalRateSpacesArrivalsSecondsApart() {
        ArrivalSchedule s = new ArrivalSchedule(0.5, Arrival.CONSTANT, 1);
        s.nextOffsetNanos();
        assertThat(s.nextOffsetNanos()).isEqualTo(2_000_000_000L);
    }

    @Test
    void poissonGapsHaveMeanAndDeviationOneOverRate() {
        ArrivalSchedule s = new ArrivalSchedule(1000, Arrival.POISSON, 7);
        int n = 200_000;
        long prev = s.nextOffsetNanos();
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            long t = s.nextOffsetNanos();
            double gap = (t - prev) / 1e6; // ms
            sum += gap;
            sumSq += gap * gap;
            prev = t;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        assertThat(mean).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(sd).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.02)); // exponential: sd == mean
    }

    @Test
    void sameSeedSameArrivalsOtherSeedOthers() {
        ArrivalSchedule a = new ArrivalSchedule(10, Arrival.POISSON, 5);
        ArrivalSchedule b = new ArrivalSchedule(10, Arrival.POISSON, 5);
        ArrivalSchedule c = new ArrivalSchedule(10, Arrival.POISSON, 6);
        a.nextOffsetNanos();
        b.nextOffsetNanos();
        c.nextOffsetNanos();
        long x = a.nextOffsetNanos();
        assertThat(b.nextOffsetNanos()).isEqualTo(x);
        assertThat(c.nextOffsetNanos()).isNotEqualTo(x);
    }
}
