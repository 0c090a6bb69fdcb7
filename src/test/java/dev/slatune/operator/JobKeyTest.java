package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.SlaTuning;
import org.junit.jupiter.api.Test;

class JobKeyTest {

    @Test
    void namesAreDeterministicAndReadable() {
        SlaTuning r = Tunings.base("qwen");
        r.getMetadata().setUid("7b0c5d0e-1f3a-4c6e-9a51-2d3b4c5d6e7f");
        JobKey key = JobKey.of(r, 3, 2, 1, 0, 4);
        assertThat(key.name()).matches("qwen-g3-p2-r1-a0-s4-[0-9a-f]{5}");
        SlaTuning same = Tunings.base("qwen");
        same.getMetadata().setUid(r.getMetadata().getUid());
        assertThat(JobKey.of(same, 3, 2, 1, 0, 4).name()).isEqualTo(key.name());
        assertThat(key.labels())
                .containsEntry(JobNames.TUNING_UID, r.getMetadata().getUid())
                .containsEntry(JobNames.ATTEMPT, "0")
                .containsEntry(JobNames.SHARE, "4");
    }

    @Test
    void aReCreatedResourceOfTheSameNameGetsOtherJobNames() {
        SlaTuning before = Tunings.base("qwen");
        before.getMetadata().setUid("uid-of-the-deleted-one");
        SlaTuning after = Tunings.base("qwen");
        after.getMetadata().setUid("uid-of-the-new-one");
        assertThat(JobKey.of(before, 1, 0, 0, 0, 0).name())
                .isNotEqualTo(JobKey.of(after, 1, 0, 0, 0, 0).name());
    }

    @Test
    void longNamesAreShortenedToFitALabelAndStayDistinct() {
        String a = "a-very-long-tuning-name-for-the-production-llama-endpoint-in-region-one";
        String b = "a-very-long-tuning-name-for-the-production-llama-endpoint-in-region-two";
        String ja = JobKey.of(Tunings.base(a), 123456, 39, 2, 2, 15).name();
        String jb = JobKey.of(Tunings.base(b), 123456, 39, 2, 2, 15).name();
        assertThat(ja)
                .hasSizeLessThanOrEqualTo(63)
                .contains("-g123456-p39-r2-a2-s15-")
                .isNotEqualTo(jb);
        assertThat(ja).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(JobNames.tuningLabel(Tunings.base(a))).hasSizeLessThanOrEqualTo(63);
        assertThat(JobNames.tuningLabel(Tunings.base("short"))).isEqualTo("short");
    }

    @Test
    void theReasonOfAFailedPodIsTheLastLineLoadPrinted() {
        String tail = "[    1.0s] 0/40 done, 0 failed, 0 in flight\n"
                + "slatune load: target unreachable: connection refused: vllm.llm.svc:8000\n";
        assertThat(ResultReader.why(tail))
                .isEqualTo("slatune load: target unreachable: connection refused: vllm.llm.svc:8000");
        assertThat(ResultReader.why("Exception in thread main\n\tat x.y(Z.java:1)\n"))
                .isEqualTo("at x.y(Z.java:1)");
        assertThat(ResultReader.why(null)).isEmpty();
    }
}
