package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.SlaTuning;
import org.junit.jupiter.api.Test;

class JobNamesTest {

    @Test
    void namesAreDeterministicAndReadable() {
        SlaTuning r = Tunings.base("qwen");
        assertThat(JobNames.job(r, 3, 2, 1, 0, 4)).isEqualTo("qwen-g3-p2-r1-a0-s4");
        assertThat(JobNames.job(r, 3, 2, 1, 0, 4)).isEqualTo(JobNames.job(Tunings.base("qwen"), 3, 2, 1, 0, 4));
    }

    @Test
    void longNamesAreShortenedToFitALabelAndStayDistinct() {
        String a = "a-very-long-tuning-name-for-the-production-llama-endpoint-in-region-one";
        String b = "a-very-long-tuning-name-for-the-production-llama-endpoint-in-region-two";
        String ja = JobNames.job(Tunings.base(a), 123456, 39, 2, 2, 15);
        String jb = JobNames.job(Tunings.base(b), 123456, 39, 2, 2, 15);
        assertThat(ja).hasSizeLessThanOrEqualTo(63).endsWith("-g123456-p39-r2-a2-s15").isNotEqualTo(jb);
        assertThat(ja).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(JobNames.tuningLabel(Tunings.base(a))).hasSizeLessThanOrEqualTo(63);
        assertThat(JobNames.tuningLabel(Tunings.base("short"))).isEqualTo("short");
    }

    @Test
    void theReasonOfAFailedPodIsTheLastLineLoadPrinted() {
        String tail = "[    1.0s] 0/40 done, 0 failed, 0 in flight\n"
                + "slatune load: target unreachable: connection refused: vllm.llm.svc:8000\n";
        assertThat(ResultReader.why(tail)).isEqualTo("slatune load: target unreachable: connection refused: vllm.llm.svc:8000");
        assertThat(ResultReader.why("Exception in thread main\n\tat x.y(Z.java:1)\n")).isEqualTo("at x.y(Z.java:1)");
        assertThat(ResultReader.why(null)).isEmpty();
    }
}
