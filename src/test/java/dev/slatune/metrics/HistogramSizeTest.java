package dev.slatune.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The termination message must carry the latency and TTFT histograms of a 2,000-request pod at 3
 * significant digits. Realistic shapes: log-normal latencies (LLM serving is right-skewed), a TTFT
 * that is bimodal when prefill queues (most short, a slow tail behind long prompts), Pareto tails, and
 * a TTFT spread over three decades. Sizes are printed so that docs/metrics.md can quote them.
 */
class HistogramSizeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final int REQUESTS = 2000;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("lognormal latency 3s, lognormal ttft 200ms", 1L, 3.0, 0.5, 0.2, 1.0, false, true),
                Arguments.of("pareto tails", 3L, 2.0, 0.3, 0.05, 0.5, true, true),
                Arguments.of("tight latency, bimodal ttft", 4L, 1.0, 0.05, 0.03, 0.2, true, true),
                // Beyond what one probe shows (TTFT p1 to p99 over four decades): does not fit, and says so.
                Arguments.of("wide latency 0.5-60s, ttft over four decades", 2L, 5.0, 1.2, 0.1, 1.8, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void latencyAndTtftHistogramsOfATwoThousandRequestPodFit(
            String name,
            long seed,
            double latMedian,
            double latSigma,
            double ttftMedian,
            double ttftSigma,
            boolean heavy,
            boolean fits) {
        Random rnd = new Random(seed);
        DoubleSupplier lat = () -> heavy
                ? latMedian * Math.pow(1 - rnd.nextDouble(), -1 / 3.0)
                : latMedian * Math.exp(latSigma * rnd.nextGaussian());
        DoubleSupplier ttft = () -> heavy && rnd.nextDouble() < 0.2
                ? ttftMedian * 20 * Math.exp(ttftSigma * rnd.nextGaussian())
                : ttftMedian * Math.exp(ttftSigma * rnd.nextGaussian());
        ProbeRecorder rec = new ProbeRecorder(CLOCK);
        long ms = 1_000_000L;
        for (int i = 0; i < REQUESTS; i++) {
            long start = i * 10 * ms;
            long first = start + Math.round(ttft.getAsDouble() * 1e9);
            int tokens = 64 + rnd.nextInt(448);
            long end = first + Math.max(tokens - 1, Math.round(lat.getAsDouble() * 1e9));
            long[] gaps = new long[tokens - 1];
            for (int g = 0; g < gaps.length; g++) {
                gaps[g] = Math.round((end - first) / (double) (tokens - 1) * (0.5 + rnd.nextDouble()));
            }
            rec.record(new RequestOutcome(start, start, first, end, 900, tokens, true, gaps, null, 0));
        }
        ProbeResult r = rec.result("parallel", 64, Double.NaN, 64, null);
        String json = ProbeResultCodec.toJson(r);
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        ProbeResult back = ProbeResultCodec.fromJson(json);
        System.out.printf(
                "%s: message %d bytes; histograms latency %d (HdrHistogram's form %d), ttft %d (%d),"
                        + " tpot %d, itl %d; kept %s, dropped %s%n",
                name,
                bytes,
                r.histograms().get("latency").length(),
                HistogramCodec.encodeHdr(HistogramCodec.decode(r.histograms().get("latency")))
                        .length(),
                r.histograms().get("ttft").length(),
                HistogramCodec.encodeHdr(HistogramCodec.decode(r.histograms().get("ttft")))
                        .length(),
                r.histograms().get("tpot").length(),
                r.histograms().get("itl").length(),
                back.histograms().keySet(),
                back.droppedHistograms());
        for (String h : r.histograms().keySet()) {
            var decoded = HistogramCodec.decode(r.histograms().get(h));
            assertThat(HistogramCodec.encode(decoded))
                    .as("round trip of " + h)
                    .isEqualTo(r.histograms().get(h));
        }

        assertThat(bytes).isLessThanOrEqualTo(ProbeResultCodec.MAX_BYTES);
        if (fits) {
            assertThat(back.histograms()).containsKeys("latency", "ttft");
        } else {
            assertThat(back.droppedHistograms()).contains("ttft");
        }
        assertThat(back.histogramDigits()).isEqualTo(3);
        // What was left out is said, and a merge of it says it is not exact.
        assertThat(back.droppedHistograms())
                .containsExactlyInAnyOrderElementsOf(r.histograms().keySet().stream()
                        .filter(k -> !back.histograms().containsKey(k))
                        .toList());
        ProbeResult merged = ProbeResult.merge(List.of(back, back), ProbeResult.MergeMode.CONCURRENT);
        assertThat(merged.approximatePercentiles()).containsExactlyInAnyOrderElementsOf(back.droppedHistograms());
        assertThat(merged.latency().p99())
                .as("p99 of %s merged with itself", back.latency())
                .isEqualTo(back.latency().p99());
    }
}
