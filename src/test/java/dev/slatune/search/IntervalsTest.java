package dev.slatune.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The interval arithmetic against published values. */
class IntervalsTest {

    @ParameterizedTest(name = "z({0}) = {1}")
    @CsvSource({"0.90, 1.644854", "0.95, 1.959964", "0.99, 2.575829", "0.999, 3.290527"})
    void normalCriticalValues(double level, double z) {
        assertThat(Intervals.z(level)).isCloseTo(z, within(1e-5));
    }

    @ParameterizedTest(name = "t({0}, {1}) = {2}")
    @CsvSource({
        "0.95, 1, 12.7062",
        "0.95, 2, 4.3027",
        "0.95, 4, 2.7764",
        "0.95, 9, 2.2622",
        "0.95, 29, 2.0452",
        "0.99, 9, 3.2498"
    })
    void studentCriticalValues(double level, int df, double t) {
        // Within 1% from 4 degrees of freedom up (Cornish-Fisher), exact for 1 and 2.
        assertThat(Intervals.t(level, df)).isCloseTo(t, within(t * (df <= 3 ? 1e-3 : 1e-2)));
    }

    @ParameterizedTest(name = "wilson({0}/{1})")
    @CsvSource({
        // k, n, low, high (95%), from the closed form
        "0, 10, 0, 0.2775",
        "10, 10, 0.7225, 1",
        "5, 10, 0.2366, 0.7634",
        "1, 100, 0.0018, 0.0545",
        "20, 100, 0.1333, 0.2888"
    })
    void wilsonIntervals(long k, long n, double low, double high) {
        double[] iv = Intervals.wilson(k, n, 0.95);
        assertThat(iv[0]).isCloseTo(low, within(1e-4));
        assertThat(iv[1]).isCloseTo(high, within(1e-4));
    }

    @ParameterizedTest(name = "ranks of q={1} in {0}")
    @CsvSource({
        // n, q, lo, hi: P(X(lo) > ξ) <= 2.5% and P(X(hi) < ξ) <= 2.5%, from exact binomial sums
        "100, 0.5, 40, 61",
        // A p99 on 32 samples has no upper bound (hi = n + 1): the largest sample is below it with 72% chance.
        "32, 0.99, 30, 33",
        "366, 0.99, 358, 367",
        // 1 - 0.99^367 = 0.97499: still no upper bound; from 368 samples the largest one bounds the p99.
        "367, 0.99, 359, 368",
        "368, 0.99, 360, 368",
        "1000, 0.99, 983, 997"
    })
    void exactQuantileRanks(long n, double q, long lo, long hi) {
        assertThat(Intervals.quantileRanks(n, q, 0.95)).containsExactly(lo, hi);
    }

    @ParameterizedTest(name = "ranks of q={1} in {0}, normal approximation")
    @CsvSource({"10000, 0.99, 9880, 9920", "5000, 0.9, 4458, 4542"})
    void approximateRanksAreAtMostTwoWiderThanExact(long n, double q, long lo, long hi) {
        long[] r = Intervals.quantileRanks(n, q, 0.95);
        assertThat(r[0]).isBetween(lo - 2, lo);
        assertThat(r[1]).isBetween(hi, hi + 2);
    }
}
