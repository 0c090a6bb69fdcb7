package dev.slatune.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.cli.RulesJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bare time thresholds: read as seconds (or EvalScope's ms) and always announced; suffixed ones never. */
class BareTimeTest {

    private static double threshold(String rules, BareTime reading, List<String> notes) {
        return RulesJson.parse(rules, reading, notes).get(0).conditions().get(0).threshold();
    }

    @Test
    void aBareTtftIsSecondsAndSaysSo() {
        List<String> notes = new ArrayList<>();
        assertThat(threshold("[{\"p99_ttft\": \"<0.05\"}]", BareTime.SECONDS, notes))
                .isEqualTo(0.05);
        assertThat(notes)
                .containsExactly("p99_ttft < 0.05 read as 0.05 s (EvalScope since 2026-04 reads bare "
                        + "TTFT/TPOT in ms; write 50ms or 0.05s to be explicit)");
    }

    @Test
    void evalscopeMsReadsBareTtftAndTpotInMsButLatencyInSeconds() {
        List<String> notes = new ArrayList<>();
        assertThat(threshold("[{\"avg_tpot\": \"<=50\"}]", BareTime.EVALSCOPE_MS, notes))
                .isEqualTo(0.05);
        assertThat(threshold("[{\"p99_latency\": \"<=2\"}]", BareTime.EVALSCOPE_MS, notes))
                .isEqualTo(2);
        assertThat(notes)
                .containsExactly(
                        "avg_tpot <= 50 read as 50 ms (--sla-units evalscope-ms; write 50ms or 0.05s to be explicit)",
                        "p99_latency <= 2 read as 2 s (--sla-units evalscope-ms reads a bare latency in s; write 2000ms or 2s "
                                + "to be explicit)");
    }

    @Test
    void suffixedAndNonTimeThresholdsGetNoNote() {
        List<String> notes = new ArrayList<>();
        RulesJson.parse(
                "[{\"p99_ttft\": \"<50ms\", \"p99_latency\": \"<=2s\"}, {\"rps\": \">=3\"}, {\"tps\": \"max\"}]",
                BareTime.SECONDS,
                notes);
        assertThat(notes).isEmpty();
    }

    @Test
    void unitsFlagValues() {
        assertThat(BareTime.ofFlag("evalscope-ms")).isEqualTo(BareTime.EVALSCOPE_MS);
        assertThat(BareTime.ofFlag("seconds")).isEqualTo(BareTime.SECONDS);
    }
}
