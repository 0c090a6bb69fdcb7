package dev.slatune.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error samples: distinct by shape, bounded per kind, pooled exactly, compact where space is short. */
class ErrorSamplesTest {

    private static final String CONTEXT =
            "HTTP 400: request (%d tokens) exceeds the available context size (1024 tokens)";

    @Test
    void messagesThatDifferOnlyInNumbersAreOneSampleWithTheFirstWording() {
        ErrorSampler s = new ErrorSampler();
        s.add(ErrorKind.HTTP_4XX, String.format(CONTEXT, 1066));
        s.add(ErrorKind.HTTP_4XX, String.format(CONTEXT, 1070));
        s.add(ErrorKind.TIMEOUT, "The timeout period of 600000ms has been exceeded");
        assertThat(s.samples())
                .containsExactly(
                        new ErrorSample("http_4xx", String.format(CONTEXT, 1066), 2),
                        new ErrorSample("timeout", "The timeout period of 600000ms has been exceeded", 1));
        assertThat(s.samples().get(0).toString()).isEqualTo("http_4xx x2: " + String.format(CONTEXT, 1066));
    }

    @Test
    void keepsAFewShapesPerKindAndCountsTheRestAsOther() {
        ErrorSampler s = new ErrorSampler();
        for (String m : List.of("a", "b", "c", "d", "e", "a")) {
            s.add(ErrorKind.HTTP_5XX, m);
        }
        assertThat(s.samples())
                .extracting(ErrorSample::message, ErrorSample::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 2L),
                        org.assertj.core.groups.Tuple.tuple("b", 1L),
                        org.assertj.core.groups.Tuple.tuple("c", 1L),
                        org.assertj.core.groups.Tuple.tuple(ErrorSampler.OTHER, 2L));
        assertThat(s.samples().stream().mapToLong(ErrorSample::count).sum()).isEqualTo(6);
    }

    @Test
    void aMissingMessageIsNamedByItsKindAndLongOnesAreCut() {
        ErrorSampler s = new ErrorSampler();
        s.add(ErrorKind.CONNECT, null);
        s.add(ErrorKind.STREAM_ERROR, "x".repeat(1000));
        assertThat(s.samples().get(0).message()).isEqualTo("connect");
        assertThat(s.samples().get(1).message())
                .hasSize(ErrorSampler.MAX_MESSAGE)
                .endsWith("...");
    }

    @Test
    void mergingAddsCountsAndKeepsTheBounds() {
        List<ErrorSample> a = List.of(new ErrorSample("http_4xx", "m 1", 3), new ErrorSample("timeout", "t", 1));
        List<ErrorSample> b = List.of(new ErrorSample("http_4xx", "m 2", 4));
        assertThat(ErrorSampler.merge(List.of(a, b)))
                .containsExactly(new ErrorSample("http_4xx", "m 1", 7), new ErrorSample("timeout", "t", 1));
        assertThat(ErrorSampler.merge(java.util.Arrays.asList(null, b))).containsExactly(b.get(0));
    }

    @Test
    void compactKeepsTheMostFrequentFirst() {
        List<ErrorSample> all =
                List.of(new ErrorSample("timeout", "t", 1), new ErrorSample("http_4xx", "long message", 9));
        assertThat(ErrorSampler.compact(all, 1, 7)).containsExactly(new ErrorSample("http_4xx", "long...", 9));
    }

    @Test
    void aProbeResultCarriesItsSamplesThroughMergeAndTheCompactCodecWithinItsLimit() {
        ProbeRecorder rec = new ProbeRecorder(java.time.Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            for (ErrorKind k : ErrorKind.values()) {
                rec.record(RequestOutcome.failed(
                        0,
                        0,
                        1000,
                        k,
                        (char) ('a' + i % 5) + " " + k.key() + " failure number " + i + " " + "y".repeat(300)));
            }
        }
        ProbeResult r = rec.result("parallel", 4, Double.NaN, 4, null);
        assertThat(r.errorSamples()).hasSize(ErrorKind.values().length * (ErrorSampler.PER_KIND + 1));
        String json = ProbeResultCodec.toJson(r);
        assertThat(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(ProbeResultCodec.MAX_BYTES);
        ProbeResult back = ProbeResultCodec.fromJson(json);
        assertThat(back.errorSamples())
                .hasSize(ProbeResultCodec.COMPACT_ERROR_SAMPLES)
                .allSatisfy(e ->
                        assertThat(e.message().length()).isLessThanOrEqualTo(ProbeResultCodec.COMPACT_ERROR_CHARS));
        ProbeResult pooled = ProbeResult.merge(List.of(back, back), ProbeResult.MergeMode.SEQUENTIAL);
        assertThat(pooled.errorSamples().get(0).count())
                .isEqualTo(2 * back.errorSamples().get(0).count());
        assertThat(pooled.requests().errors())
                .isEqualTo(Map.copyOf(pooled.requests().errors()));
    }

    @Test
    void aSuccessfulProbeHasNoSamplesAndOldResultsStillParse() {
        ProbeRecorder rec = new ProbeRecorder(java.time.Clock.systemUTC());
        rec.record(new RequestOutcome(0, 0, 1_000_000, 2_000_000, 1, 2, true, new long[] {1_000_000}, null));
        ProbeResult r = rec.result("parallel", 1, Double.NaN, 1, null);
        assertThat(r.errorSamples()).isNull();
        assertThat(ProbeResultCodec.toJson(r)).doesNotContain("errorSamples").doesNotContain("\"server\"");
        assertThat(ProbeResultCodec.fromJson(ProbeResultCodec.toJson(r)).errorSamplesOrEmpty())
                .isEmpty();
    }
}
