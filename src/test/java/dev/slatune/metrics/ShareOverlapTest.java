package dev.slatune.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether the measured windows of a run's shares overlapped enough to carry the run's label. */
class ShareOverlapTest {

    static ProbeResult window(double startSeconds, double seconds) {
        return new ProbeResult(
                ProbeResult.SCHEMA,
                "parallel",
                1,
                1,
                (long) (1_800_000_000_000L + startSeconds * 1e3),
                seconds,
                new RequestCounts(10, 10, 0, java.util.Map.of()),
                1,
                1,
                1,
                10,
                10,
                0,
                Distribution.EMPTY,
                Distribution.EMPTY,
                Distribution.EMPTY,
                Distribution.EMPTY,
                null,
                null);
    }

    /** windows as start:length;start:length... in seconds. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0:60                 | true  | 1.0",
                "0:60;0:60;0:60       | true  | 1.0",
                "0:60;3:60            | true  | 0.95",
                "0:60;7:60            | false | 0.8833",
                "0:60;0:40            | true  | 1.0",
                "0:60;70:60           | false | 0.0",
                "0:100;0.5:99;1:99.5  | true  | 0.9949",
                "0:4;0.8:4            | true  | 0.8",
                "0:4;1.2:4            | false | 0.7",
            })
    void overlapIsTheCommonSpanOverTheShortestWindow(String windows, boolean overlapped, double ratio) {
        List<ProbeResult> shares = Arrays.stream(windows.trim().split(";"))
                .map(w -> window(Double.parseDouble(w.split(":")[0]), Double.parseDouble(w.split(":")[1])))
                .toList();
        ShareOverlap.Verdict v = ShareOverlap.check(shares);
        assertThat(v.overlapped()).isEqualTo(overlapped);
        assertThat(v.ratio()).isCloseTo(ratio, org.assertj.core.data.Offset.offset(1e-3));
    }

    @org.junit.jupiter.api.Test
    void theMessageNamesTheLateShare() {
        ShareOverlap.Verdict v = ShareOverlap.check(
                List.of(window(0, 30), window(0, 30), window(12, 30)), Optional.of(1_800_000_000_000L - 5_000));
        assertThat(v.message())
                .contains("share 2 began measuring 12.0 s after the first")
                .contains("at least 90% needed")
                .contains("agreed start 5.0 s before");
    }
}
