package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.SlaTuning;
import dev.slatune.api.TuningVariable;
import java.util.List;
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
        assertThat(key.labels()).containsEntry(JobNames.TUNING_UID, r.getMetadata().getUid())
                .containsEntry(JobNames.ATTEMPT, "0").containsEntry(JobNames.SHARE, "4");
    }

    @Test
    void aReCreatedResourceOfTheSameNameGetsOtherJobNames() {
        SlaTuning before = Tunings.base("qwen");
        before.getMetadata().setUid("uid-of-the-deleted-one");
        SlaTuning after = Tunings.base("qwen");
        after.getMetadata().setUid("uid-of-the-new-one");
        assertThat(JobKey.of(before, 1, 0, 0, 0, 0).name()).isNotEqualTo(JobKey.of(after, 1, 0, 0, 0, 0).name());
    }

    @Test
    void longNamesAreShortenedToFitALabelAndStayDistinct() {
        String a = "a-very-long-tuning-name-for-the-production-llama-endpoint-in-region-one";
        String b = "a-very-long-tuning-name-for-the-production-llama-endpoint-in-region-two";
        String ja = JobKey.of(Tunings.base(a), 123456, 39, 2, 2, 15).name();
        String jb = JobKey.of(Tunings.base(b), 123456, 39, 2, 2, 15).name();
        assertThat(ja).hasSizeLessThanOrEqualTo(63).contains("-g123456-p39-r2-a2-s15-").isNotEqualTo(jb);
        assertThat(ja).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(JobNames.tuningLabel(Tunings.base(a))).hasSizeLessThanOrEqualTo(63);
        assertThat(JobNames.tuningLabel(Tunings.base("short"))).isEqualTo("short");
    }

    @Test
    void concurrencyIsSplitIntoWholeSharesThatAddUp() {
        List<LoadShare> shares = LoadShare.split(TuningVariable.PARALLEL, 8, 3, 40, 5);
        assertThat(shares).extracting(LoadShare::value).containsExactly(3.0, 3.0, 2.0);
        // Requests follow the concurrency (5 per slot), so every share lasts about as long.
        assertThat(shares).extracting(LoadShare::requests).containsExactly(15, 15, 10);
        assertThat(shares).extracting(LoadShare::warmup).containsExactly(5, 5, 5);
        // Fewer pods than concurrency: never a pod with nothing to do.
        assertThat(LoadShare.split(TuningVariable.PARALLEL, 2, 4, 40, 0)).hasSize(2)
                .extracting(LoadShare::value).containsExactly(1.0, 1.0);
    }

    @Test
    void unevenRequestsAreRoundedUpSoNoShareRunsLonger() {
        // 7 requests at concurrency 3 over 2 pods: 3 per slot, not 5 and 2 (3 rounds against 2).
        assertThat(LoadShare.split(TuningVariable.PARALLEL, 3, 2, 7, 0)).extracting(LoadShare::requests)
                .containsExactly(6, 3);
        assertThat(LoadShare.split(TuningVariable.RATE, 10, 3, 20, 0)).extracting(LoadShare::requests)
                .containsExactly(7, 7, 7);
        assertThat(LoadShare.split(TuningVariable.PARALLEL, 3, 1, 7, 0)).extracting(LoadShare::requests)
                .containsExactly(7);
    }

    @Test
    void rateIsSplitEvenly() {
        List<LoadShare> shares = LoadShare.split(TuningVariable.RATE, 19, 3, null, 0);
        assertThat(shares).hasSize(3).allSatisfy(s -> assertThat(s.requests()).isNull());
        assertThat(shares.stream().mapToDouble(LoadShare::value).sum()).isCloseTo(19.0,
                org.assertj.core.data.Offset.offset(1e-9));
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
