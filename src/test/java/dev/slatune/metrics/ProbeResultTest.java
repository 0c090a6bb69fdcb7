package dev.slatune.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbeResultTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long MS = 1_000_000L;

    /** A successful request sent at {@code t} ms with the given TTFT and per-token gap, in ms. */
    private static RequestOutcome ok(long t, long ttftMs, long gapMs, int tokens) {
        long start = t * MS;
        long first = start + ttftMs * MS;
        long[] itl = new long[tokens - 1];
        java.util.Arrays.fill(itl, gapMs * MS);
        return new RequestOutcome(start, start, first, first + (tokens - 1) * gapMs * MS, 100, tokens, true, itl, null);
    }

    @Test
    void recorderFollowsTheMetricDefinitions() {
        ProbeRecorder rec = new ProbeRecorder(CLOCK);
        rec.record(ok(0, 50, 10, 11)); // latency 150 ms, tpot 10 ms
        rec.record(ok(0, 50, 10, 1)); // one token: no TPOT sample
        rec.record(RequestOutcome.failed(0, 0, 5 * MS, ErrorKind.HTTP_429));
        ProbeResult r = rec.result("parallel", 2, Double.NaN, 2, null);

        assertThat(r.requests().total()).isEqualTo(3);
        assertThat(r.requests().succeeded()).isEqualTo(2);
        assertThat(r.requests().errors()).containsEntry("http_429", 1L);
        assertThat(r.ttft().avg()).isCloseTo(0.050, within(1e-9));
        assertThat(r.tpot().count()).isEqualTo(1);
        assertThat(r.tpot().avg()).isCloseTo(0.010, within(1e-9));
        assertThat(r.latency().max()).isCloseTo(0.150, within(1e-9));
        assertThat(r.windowSeconds()).isCloseTo(0.150, within(1e-9));
        assertThat(r.outputTokens()).isEqualTo(12);
        assertThat(r.tps()).isCloseTo(12 / 0.150, within(1e-6));
        assertThat(r.client().saturated()).isFalse();
    }

    @Test
    void latencyRunsFromTheScheduledTimeInOpenLoop() {
        ProbeRecorder rec = new ProbeRecorder(CLOCK);
        long scheduled = 0;
        long sent = 20 * MS; // the client was 20 ms late
        rec.record(new RequestOutcome(
                scheduled, sent, sent + 10 * MS, sent + 30 * MS, 1, 3, true, new long[] {10 * MS, 10 * MS}, null));
        ProbeResult r = rec.result("rate", 1, 1, 1, null);
        assertThat(r.latency().avg()).isCloseTo(0.050, within(1e-9));
        assertThat(r.ttft().avg()).isCloseTo(0.030, within(1e-9));
        assertThat(r.client().scheduleLagP99()).isCloseTo(0.020, within(0.001));
    }

    @Test
    void sequentialMergePoolsSamplesExactly() {
        Random rnd = new Random(7);
        ProbeRecorder a = new ProbeRecorder(CLOCK);
        ProbeRecorder b = new ProbeRecorder(CLOCK);
        ProbeRecorder all = new ProbeRecorder(CLOCK);
        for (int i = 0; i < 500; i++) {
            RequestOutcome o = ok(i, 20 + rnd.nextInt(200), 5 + rnd.nextInt(20), 2 + rnd.nextInt(50));
            (i % 2 == 0 ? a : b).record(o);
            all.record(o);
        }
        ProbeResult ra = a.result("parallel", 4, Double.NaN, 4, null);
        ProbeResult rb = b.result("parallel", 4, Double.NaN, 4, null);
        ProbeResult merged = ProbeResult.merge(List.of(ra, rb), ProbeResult.MergeMode.SEQUENTIAL);
        ProbeResult pooled = all.result("parallel", 4, Double.NaN, 4, null);

        assertThat(merged.parts()).isEqualTo(2);
        assertThat(merged.requests().total()).isEqualTo(500);
        for (String d : ProbeResult.DISTRIBUTIONS) {
            assertThat(merged.distribution(d).p99())
                    .as(d)
                    .isEqualTo(pooled.distribution(d).p99());
            assertThat(merged.distribution(d).p50())
                    .as(d)
                    .isEqualTo(pooled.distribution(d).p50());
            assertThat(merged.distribution(d).avg())
                    .as(d)
                    .isCloseTo(pooled.distribution(d).avg(), within(1e-9));
            assertThat(merged.distribution(d).count())
                    .as(d)
                    .isEqualTo(pooled.distribution(d).count());
        }
        assertThat(merged.windowSeconds()).isCloseTo(ra.windowSeconds() + rb.windowSeconds(), within(1e-9));
        assertThat(merged.outputTokens()).isEqualTo(pooled.outputTokens());
    }

    @Test
    void concurrentMergeAddsPressureAndSpansTheWindow() {
        ProbeRecorder a = new ProbeRecorder(CLOCK);
        a.record(ok(0, 10, 10, 10));
        ProbeResult ra = a.result("parallel", 2, Double.NaN, 2, null);
        ProbeResult rb = new ProbeResult(
                ra.schema(),
                ra.variable(),
                3,
                1,
                ra.startedAtEpochMs() + 50,
                ra.windowSeconds(),
                ra.requests(),
                ra.rps(),
                ra.tps(),
                ra.inputTps(),
                ra.outputTokens(),
                ra.inputTokens(),
                0,
                ra.latency(),
                ra.ttft(),
                ra.tpot(),
                ra.itl(),
                ra.client(),
                ra.histograms());
        ProbeResult m = ProbeResult.merge(List.of(ra, rb), ProbeResult.MergeMode.CONCURRENT);
        assertThat(m.value()).isEqualTo(5);
        assertThat(m.windowSeconds()).isCloseTo(ra.windowSeconds() + 0.050, within(1e-6));
        assertThat(m.client().maxInFlight()).isEqualTo(4);
    }

    @Test
    void jsonRoundTripsAndFitsATerminationMessage() {
        Random rnd = new Random(11);
        ProbeRecorder rec = new ProbeRecorder(CLOCK);
        for (int i = 0; i < 5000; i++) {
            // wide ranges: 1 ms .. 60 s, so the histograms are as large as they get
            rec.record(ok(i, 1 + rnd.nextInt(60_000), 1 + rnd.nextInt(500), 2 + rnd.nextInt(200)));
        }
        rec.record(RequestOutcome.failed(0, 0, MS, ErrorKind.TIMEOUT));
        ProbeResult r = rec.result("parallel", 64, Double.NaN, 64, null);
        String json = ProbeResultCodec.toJson(r);
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ProbeResultCodec.MAX_BYTES);
        assertThat(json)
                .contains(
                        "\"schema\":\"slatune.dev/probe-result/v2\"",
                        "\"histogramDigits\":3",
                        "\"scheduleLagP99\"",
                        "\"maxInFlight\"",
                        "\"windowSeconds\"",
                        "\"inputTps\"",
                        "\"timeout\":1");
        ProbeResult back = ProbeResultCodec.fromJson(json);
        assertThat(back.requests()).isEqualTo(r.requests());
        // Microsecond values are exact below 1,000 s; a mean is written to 9 significant digits.
        assertThat(back.latency())
                .usingRecursiveComparison()
                .ignoringFields("avg")
                .isEqualTo(r.latency());
        assertThat(back.latency().avg()).isCloseTo(r.latency().avg(), within(1e-6));
        assertThat(back.client().targetRate()).isNaN();
    }

    @Test
    void rejectsWhatIsNotAProbeResult() {
        assertThatThrownBy(() -> ProbeResultCodec.fromJson("{\"schema\":\"other\"}"))
                .hasMessageContaining("expected 'slatune.dev/probe-result/v2'");
        assertThatThrownBy(() -> ProbeResultCodec.fromJson("not json")).hasMessageContaining("not a ProbeResult");
    }

    @Test
    void openLoopThatFallsBehindFlagsItself() {
        ProbeRecorder rec = new ProbeRecorder(CLOCK);
        for (int i = 0; i < 100; i++) {
            long scheduled = i * 10 * MS; // asked: 100 req/s
            long sent = i * 20 * MS; // managed: 50 req/s
            rec.record(
                    new RequestOutcome(scheduled, sent, sent + MS, sent + 2 * MS, 1, 2, true, new long[] {MS}, null));
        }
        ProbeResult r = rec.result("rate", 100, 100, 1, null);
        assertThat(r.client().saturated()).isTrue();
        assertThat(r.client().reason()).contains("achieved");
    }

    @Test
    void percentilesStayInsideTheObservedRange() {
        // One sample: every percentile is that sample, not the top of its bucket.
        ProbeRecorder one = new ProbeRecorder(CLOCK);
        one.record(new RequestOutcome(0, 0, 123_456_789L, 1_234_567_891L, 1, 2, true, new long[] {7}, null));
        ProbeResult r = one.result("parallel", 1, Double.NaN, 1, null);
        for (String name : ProbeResult.DISTRIBUTIONS) {
            Distribution d = r.distribution(name);
            for (String stat : List.of("p50", "p90", "p99")) {
                assertThat(d.stat(stat)).as(name + " " + stat).isBetween(d.min(), d.max());
            }
        }
        assertThat(r.latency().p99()).isEqualTo(1.234568);
        // Many samples, merged: still inside min..max, and within 0.1% of the exact order statistic.
        Random rnd = new Random(3);
        ProbeRecorder a = new ProbeRecorder(CLOCK);
        ProbeRecorder b = new ProbeRecorder(CLOCK);
        long[] lat = new long[1000];
        for (int i = 0; i < lat.length; i++) {
            lat[i] = 1_000_000L + rnd.nextInt(2_000_000_000);
            (i % 2 == 0 ? a : b).record(new RequestOutcome(0, 0, 1000, lat[i], 1, 2, true, new long[0], null));
        }
        ProbeResult m = ProbeResult.merge(
                List.of(a.result("parallel", 1, Double.NaN, 1, null), b.result("parallel", 1, Double.NaN, 1, null)),
                ProbeResult.MergeMode.SEQUENTIAL);
        java.util.Arrays.sort(lat);
        double exactP99 = Math.round(lat[989] / 1e3) / 1e6; // rank ceil(0.99 * 1000) = 990
        assertThat(m.latency().p99()).isBetween(exactP99, exactP99 * 1.001);
        assertThat(m.latency().max()).isEqualTo(Math.round(lat[999] / 1e3) / 1e6);
        assertThat(m.latency().min()).isEqualTo(Math.round(lat[0] / 1e3) / 1e6);
        assertThat(m.percentilesExact()).isTrue();
    }

    @Test
    void readsSchemaV1Results() {
        // A v1 result (2-digit HdrHistogram form, no v2 fields) still reads and merges with v2 ones.
        ProbeRecorder rec = new ProbeRecorder(CLOCK);
        for (int i = 0; i < 50; i++) {
            rec.record(ok(i, 20 + i, 5, 10));
        }
        ProbeResult v2 = rec.result("parallel", 2, Double.NaN, 2, null);
        org.HdrHistogram.Histogram two = new org.HdrHistogram.Histogram(2);
        two.recordValue(150_000);
        String v1Json = ProbeResultCodec.toJson(v2)
                .replace("probe-result/v2", "probe-result/v1")
                .replaceAll(
                        "\"histograms\":\\{[^}]*\\}",
                        "\"histograms\":{\"latency\":\"" + HistogramCodec.encodeHdr(two) + "\"}")
                .replaceAll(",\"histogramDigits\":3", "")
                .replaceAll(",\"min\":[0-9.]+", "")
                .replaceAll(",\"windowCompletions\":\\{[^}]*\\}", "");
        ProbeResult v1 = ProbeResultCodec.fromJson(v1Json);
        assertThat(v1.histogramDigits()).isEqualTo(2);
        assertThat(v1.latency().min()).isNaN();
        assertThat(v1.completionsInWindow().succeeded()).isEqualTo(50);
        ProbeResult merged = ProbeResult.merge(List.of(v1, v2), ProbeResult.MergeMode.SEQUENTIAL);
        assertThat(merged.schema()).isEqualTo(ProbeResult.SCHEMA);
        assertThat(merged.histogramDigits()).isEqualTo(2);
        assertThat(merged.latency().count()).isEqualTo(100);
        assertThat(merged.latency().min()).isNaN();
    }
}
