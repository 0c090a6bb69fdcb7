package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.ConfigMapKeyReference;
import dev.slatune.api.SecretKeyReference;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.TokenizerSpec;
import dev.slatune.api.WorkloadSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tokenizer and server-metrics settings of a spec, as the load pods receive them. */
class LoadPodOptionsTest {

    private static Job job(SlaTuning r) {
        OperatorSettings settings = OperatorSettings.defaults("slatune:test");
        ResolvedSpec spec = ResolvedSpec.of(r.getSpec(), settings);
        r.getMetadata().setUid("u-1");
        return new LoadJobBuilder(settings)
                .build(r, spec, JobKey.of(r, 1, 0, 0, 0, 0), 2, new LoadShare(0, 2, 4, 0, 1), null);
    }

    private static Container load(Job j) {
        return j.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static SlaTuning withTokenizer(TokenizerSpec t) {
        SlaTuning r = Tunings.seed1("tok");
        WorkloadSpec w = r.getSpec().getWorkload();
        w.setTokenizer(t);
        return r;
    }

    @Test
    void aConfigMapTokenizerIsMountedReadOnlyAndPassedAsAFile() {
        TokenizerSpec t = new TokenizerSpec();
        t.setConfigMapRef(new ConfigMapKeyReference("qwen-tokenizer", "qwen.json"));
        SlaTuning r = withTokenizer(t);
        Job j = job(r);
        Container c = load(j);
        assertThat(c.getArgs()).containsSequence("--tokenizer-path", "/etc/slatune/tokenizer/tokenizer.json");
        assertThat(c.getVolumeMounts())
                .filteredOn(m -> m.getName().equals("tokenizer"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/slatune/tokenizer");
                    assertThat(m.getReadOnly()).isTrue();
                });
        var volume = j.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("tokenizer"))
                .findFirst()
                .orElseThrow();
        assertThat(volume.getConfigMap().getName()).isEqualTo("qwen-tokenizer");
        assertThat(volume.getConfigMap().getItems())
                .singleElement()
                .satisfies(i ->
                        assertThat(Map.of(i.getKey(), i.getPath())).isEqualTo(Map.of("qwen.json", "tokenizer.json")));
        assertThat(LoadPodOptions.promptLengths(r.getSpec()))
                .isEqualTo("exact: tokenizer.json from ConfigMap qwen-tokenizer");
    }

    @Test
    void aHuggingFaceTokenizerIsDownloadedIntoThePodsCacheWithTheEndpointAndTokenFromASecret() {
        TokenizerSpec t = new TokenizerSpec();
        t.setHuggingFace("Qwen/Qwen2.5-0.5B-Instruct");
        t.setEndpoint("http://hf-mirror.internal");
        t.setTokenSecretRef(new SecretKeyReference("hf", "token"));
        Container c = load(job(withTokenizer(t)));
        assertThat(c.getArgs()).containsSequence("--tokenizer-path", "Qwen/Qwen2.5-0.5B-Instruct");
        assertThat(c.getEnv())
                .extracting(EnvVar::getName)
                .containsSubsequence("HF_ENDPOINT", "HF_TOKEN")
                .containsOnlyOnce("SLATUNE_CACHE_DIR");
        EnvVar token = c.getEnv().stream()
                .filter(e -> e.getName().equals("HF_TOKEN"))
                .findFirst()
                .orElseThrow();
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf");
        assertThat(c.getEnv())
                .filteredOn(e -> e.getName().equals("SLATUNE_CACHE_DIR"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).startsWith(LoadJobBuilder.TMP_DIR)); // a writable emptyDir
    }

    @Test
    void withoutATokenizerNothingIsAddedAndTheStatusWillSayLengthsAreApproximate() {
        SlaTuning r = Tunings.seed1("none");
        Job plain = job(r);
        Container c = load(plain);
        assertThat(c.getArgs()).doesNotContain("--tokenizer-path", "--server-metrics");
        assertThat(c.getVolumeMounts()).extracting(m -> m.getName()).doesNotContain("tokenizer");
        assertThat(c.getEnv()).extracting(EnvVar::getName).doesNotContain("HF_ENDPOINT", "HF_TOKEN");
        assertThat(LoadPodOptions.promptLengths(r.getSpec())).startsWith("approximate: no spec.workload.tokenizer");
    }

    @Test
    void theMetricsUrlBecomesTheLoadCommandsServerMetricsFlag() {
        SlaTuning r = Tunings.seed1("metrics");
        r.getSpec().getTarget().setMetricsUrl("http://vllm.llm.svc:8000/metrics");
        assertThat(load(job(r)).getArgs()).containsSequence("--server-metrics", "http://vllm.llm.svc:8000/metrics");
    }

    @Test
    void aTokenizerNeedsExactlyOneSource() {
        TokenizerSpec both = new TokenizerSpec();
        both.setHuggingFace("a/b");
        both.setConfigMapRef(new ConfigMapKeyReference("m", null));
        TokenizerSpec mapWithEndpoint = new TokenizerSpec();
        mapWithEndpoint.setConfigMapRef(new ConfigMapKeyReference("m", null));
        mapWithEndpoint.setEndpoint("http://x");
        for (TokenizerSpec bad : List.of(new TokenizerSpec(), both, mapWithEndpoint)) {
            assertThat(LoadPodOptions.problem(bad)).isPresent();
        }
        TokenizerSpec ok = new TokenizerSpec();
        ok.setHuggingFace("a/b");
        assertThat(LoadPodOptions.problem(ok)).isEqualTo(Optional.empty());
        SlaTuning r = withTokenizer(both);
        assertThat(new SpecValidator(OperatorSettings.defaults("slatune:test"), new SearchAdapter())
                        .validate(r.getSpec()))
                .hasValueSatisfying(p -> {
                    assertThat(p.field()).isEqualTo("spec.workload.tokenizer");
                    assertThat(p.reason()).isEqualTo("InvalidWorkloadTokenizer");
                });
    }
}
