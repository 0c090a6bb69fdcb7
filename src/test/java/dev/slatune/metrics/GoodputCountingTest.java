package dev.slatune.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Goodput is counted request by request: a request meets a set only when every bound holds for it at once. */
class GoodputCountingTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long MS = 1_000_000L;

    /** A streamed success scheduled at 0: first token at {@code ttftMs}, then {@code tokens - 1} gaps. */
    private static RequestOutcome ok(long ttftMs, long[] gapsMs) {
        long first = ttftMs * MS;
        long[] gaps = new long[gapsMs.length];
        long end = first;
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = gapsMs[i] * MS;
            end += gaps[i];
        }
        return new RequestOutcome(0, 0, first, end, 10, gaps.length + 1, true, gaps, null);
    }

    static Stream<Arguments> requests() {
        RequestOutcome fast = ok(100, new long[] {20, 20, 20}); // latency 160, tpot 20, itl max 20
        RequestOutcome slowFirst = ok(300, new long[] {20, 20}); // ttft 300
        RequestOutcome oneStall = ok(100, new long[] {10, 10, 130}); // tpot 50, itl max 130
        RequestOutcome oneToken = ok(100, new long[] {}); // no tpot, no gaps
        RequestOutcome notStreamed = new RequestOutcome(0, 0, -1, 250 * MS, 10, 5, true, new long[0], null);
        RequestOutcome failed = RequestOutcome.failed(0, 0, 5 * MS, ErrorKind.HTTP_429);
        return Stream.of(
                Arguments.of("ttft<=0.2", fast, true),
                Arguments.of("ttft<=0.2", slowFirst, false),
                Arguments.of("ttft<=200ms", slowFirst, false),
                Arguments.of("ttft<=0.3", slowFirst, true),
                Arguments.of("ttft<0.3", slowFirst, false),
                Arguments.of("tpot<=0.05", oneStall, true),
                Arguments.of("tpot<0.05", oneStall, false),
                Arguments.of("itl<=0.1", oneStall, false),
                Arguments.of("itl<=0.1", fast, true),
                Arguments.of("latency<=0.15", fast, false),
                Arguments.of("latency<=0.16", fast, true),
                Arguments.of("ttft<=0.2,tpot<=0.02", fast, true),
                Arguments.of("ttft<=0.2,tpot<=0.02", oneStall, false),
                Arguments.of("tpot<=0.001,itl<=0.001", oneToken, true),
                // Not streamed: the first token is seen when the body is, so TTFT is the latency.
                Arguments.of("ttft<=0.2", notStreamed, false),
                Arguments.of("ttft<=0.25", notStreamed, true),
                Arguments.of("latency<=10", failed, false),
                Arguments.of(" TTFT <= 1 s , latency<=2 ", fast, true));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("requests")
    void aRequestMeetsASetWhenEveryBoundHolds(String set, RequestOutcome o, boolean met) {
        assertThat(GoodputSlo.parse(set).met(o)).isEqualTo(met);
    }

    static Stream<Arguments> badSets() {
        return Stream.of(
                Arguments.of("", "an SLO set is empty"),
                Arguments.of("ttft>=0.2", "'ttft>=0.2' is not a bound"),
                Arguments.of("ttfb<=0.2", "'ttfb' is not a per-request quantity; valid: latency, ttft, tpot, itl"),
                Arguments.of("ttft<=0.2,ttft<=0.3", "'ttft' is bounded twice"),
                Arguments.of("ttft<=fast", "is not a bound such as ttft<=0.2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSets")
    void explainsABadSet(String set, String message) {
        assertThatThrownBy(() -> GoodputSlo.parse(set))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("e.g. 'ttft<=0.2,tpot<=0.05'");
    }

    @Test
    void theRecorderCountsEachSetOverAllMeasuredRequests() {
        ProbeRecorder rec =
                new ProbeRecorder(CLOCK, 0, List.of(GoodputSlo.parse("ttft<=0.2"), GoodputSlo.parse("tpot<=0.03")));
        rec.record(ok(100, new long[] {20, 20})); // both
        rec.record(ok(300, new long[] {20, 20})); // tpot only
        rec.record(ok(100, new long[] {40, 40})); // ttft only
        rec.record(RequestOutcome.failed(0, 0, MS, ErrorKind.TIMEOUT)); // neither
        ProbeResult r = rec.result("parallel", 2, Double.NaN, 2, null);
        assertThat(r.goodput())
                .containsExactly(new GoodputCount("ttft<=0.2", 2, 4), new GoodputCount("tpot<=0.03", 2, 4));
        assertThat(r.goodputOf("tpot<=0.03").share()).isEqualTo(0.5);
        assertThat(r.goodputRate(r.goodputOf("ttft<=0.2"))).isEqualTo(2 / r.windowSeconds());
        assertThat(r.goodputOf("latency<=1")).isNull();
    }

    @Test
    void aProbeWithoutGoodputRulesCarriesNoCounts() {
        ProbeRecorder rec = new ProbeRecorder(CLOCK);
        rec.record(ok(100, new long[] {20}));
        ProbeResult r = rec.result("parallel", 1, Double.NaN, 1, null);
        assertThat(r.goodput()).isEmpty();
        assertThat(ProbeResultCodec.toJson(r)).doesNotContain("goodput");
    }

    @Test
    void mergesSumTheCountsSetBySet() {
        ProbeResult a = result(List.of(new GoodputCount("ttft<=0.2", 8, 10), new GoodputCount("latency<=2", 9, 10)));
        ProbeResult b = result(List.of(new GoodputCount("latency<=2", 3, 5), new GoodputCount("ttft<=0.2", 5, 5)));
        for (ProbeResult.MergeMode mode : ProbeResult.MergeMode.values()) {
            assertThat(ProbeResult.merge(List.of(a, b), mode).goodput())
                    .containsExactly(new GoodputCount("ttft<=0.2", 13, 15), new GoodputCount("latency<=2", 12, 15));
        }
    }

    @Test
    void theCompactTerminationMessageKeepsTheCountsOfATwoThousandRequestPod() {
        List<GoodputSlo> sets = List.of(GoodputSlo.parse("ttft<=0.2,tpot<=0.05"), GoodputSlo.parse("latency<=5"));
        ProbeRecorder plain = new ProbeRecorder(CLOCK);
        ProbeRecorder counting = new ProbeRecorder(CLOCK, 0, sets);
        Random rnd = new Random(1);
        for (int i = 0; i < HistogramSizeTest.REQUESTS; i++) {
            long start = i * 10 * MS;
            long first = start + Math.round(0.2 * Math.exp(rnd.nextGaussian()) * 1e9);
            int tokens = 64 + rnd.nextInt(448);
            long end = first + Math.max(tokens - 1, Math.round(3 * Math.exp(0.5 * rnd.nextGaussian()) * 1e9));
            long[] gaps = new long[tokens - 1];
            for (int g = 0; g < gaps.length; g++) {
                gaps[g] = Math.round((end - first) / (double) (tokens - 1) * (0.5 + rnd.nextDouble()));
            }
            RequestOutcome o = new RequestOutcome(start, start, first, end, 900, tokens, true, gaps, null, 0);
            plain.record(o);
            counting.record(o);
        }
        ProbeResult r = counting.result("parallel", 64, Double.NaN, 64, null);
        String json = ProbeResultCodec.toJson(r);
        ProbeResult back = ProbeResultCodec.fromJson(json);
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ProbeResultCodec.MAX_BYTES);
        assertThat(back.goodput()).isEqualTo(r.goodput()).hasSize(2);
        assertThat(back.goodput()).allSatisfy(c -> assertThat(c.total()).isEqualTo(HistogramSizeTest.REQUESTS));
        // The counts cost no histogram that the same pod without goodput rules would have kept.
        ProbeResult without =
                ProbeResultCodec.fromJson(ProbeResultCodec.toJson(plain.result("parallel", 64, Double.NaN, 64, null)));
        assertThat(back.histograms().keySet()).containsAll(List.of("latency", "ttft"));
        assertThat(back.droppedHistograms()).isEqualTo(without.droppedHistograms());
    }

    @Test
    void countingAllocatesNothingPerRequest() {
        ProbeRecorder rec = new ProbeRecorder(
                Clock.systemUTC(), 0, List.of(GoodputSlo.parse("ttft<=0.2,tpot<=0.05"), GoodputSlo.parse("itl<=0.1")));
        RequestOutcome o = ok(100, new long[] {20, 30, 20});
        for (int i = 0; i < 20_000; i++) {
            rec.record(o);
        }
        long before = allocated();
        for (int i = 0; i < 100_000; i++) {
            rec.record(o);
        }
        assertThat((allocated() - before) / 100_000)
                .as("bytes allocated per recorded request")
                .isZero();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static ProbeResult result(List<GoodputCount> counts) {
        ProbeRecorder rec = new ProbeRecorder(CLOCK);
        rec.record(ok(100, new long[] {20}));
        return rec.result("parallel", 1, Double.NaN, 1, null).withGoodput(counts);
    }
}
