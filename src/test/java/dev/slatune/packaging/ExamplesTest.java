package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example is a valid manifest: each SlaTuning passes the committed CRD's schema (required
 * fields, types, enums, bounds, no unknown field), every other document parses as its Kubernetes
 * kind, and the examples the docs promise exist and hang together.
 */
class ExamplesTest {

    static Stream<Path> files() {
        return Examples.files().stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void everySlaTuningMatchesTheCrdSchema(Path file) {
        Map<String, Object> schema = Examples.schema();
        for (Map<String, Object> doc : Examples.slaTunings(file)) {
            assertThat(doc.get("apiVersion")).isEqualTo(Examples.apiVersion());
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
            assertThat(metadata).as(file + ": metadata").containsKeys("name", "namespace");
            assertThat(doc).as(file + ": an example carries no status").doesNotContainKey("status");

            // The whole object, as the API server would see it (metadata is not part of the CRD schema).
            Map<String, Object> body = new LinkedHashMap<>(doc);
            body.remove("apiVersion");
            body.remove("kind");
            body.remove("metadata");
            assertThat(CrdSchemaValidator.validate(body, schema))
                    .as(file.toString())
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyDocumentParsesAsItsKind(Path file) throws Exception {
        List<HasMetadata> resources = Chart.parse(Files.readString(file));

        assertThat(resources)
                .as(file.toString())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getMetadata().getName()).isNotBlank());
    }

    @Test
    void theDocumentedExamplesExist() {
        assertThat(Examples.files())
                .extracting(p -> Examples.DIR.relativize(p).toString())
                .contains(
                        "01-max-parallel-p99-latency.yaml",
                        "02-max-tps-concurrency.yaml",
                        "03-max-rate-two-ttft-bounds.yaml",
                        "try-it-out.yaml",
                        "api-key-secret.yaml",
                        "capacity-gate.yaml",
                        "gitops/argocd-cm-health.yaml");
    }

    @Test
    void seedExamplesCarryTheSeedsRules() {
        assertThat(spec("01-max-parallel-p99-latency.yaml"))
                .containsEntry("variable", "parallel")
                .containsEntry("rules", List.of(Map.of("p99_latency", "<=2")))
                .containsEntry("start", 2)
                .containsEntry("upperBound", 64);
        assertThat(spec("02-max-tps-concurrency.yaml"))
                .containsEntry("variable", "parallel")
                .containsEntry("rules", List.of(Map.of("tps", "max")))
                .containsEntry("start", 4);
        assertThat(spec("03-max-rate-two-ttft-bounds.yaml"))
                .containsEntry("variable", "rate")
                .containsEntry("rules", List.of(Map.of("p99_ttft", "<0.05"), Map.of("p99_ttft", "<0.01")))
                .containsEntry("start", 2)
                .containsEntry("numRuns", 1)
                .containsEntry("lowerBound", 10)
                .containsEntry("upperBound", 40);
    }

    @Test
    @SuppressWarnings("unchecked")
    void tryItOutTargetsItsOwnSimulator() {
        List<Map<String, Object>> docs = Examples.documents(Examples.DIR.resolve("try-it-out.yaml"));
        Map<String, Object> service = docs.stream()
                .filter(d -> "Service".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> meta = (Map<String, Object>) service.get("metadata");
        Map<String, Object> port =
                ((List<Map<String, Object>>) ((Map<String, Object>) service.get("spec")).get("ports")).get(0);
        Map<String, Object> spec = spec("try-it-out.yaml");

        assertThat(((Map<String, Object>) spec.get("target")).get("url"))
                .isEqualTo("http://" + meta.get("name") + "." + meta.get("namespace") + ".svc:" + port.get("port")
                        + "/v1/chat/completions");
        assertThat(docs).anySatisfy(d -> assertThat(d.get("kind")).isEqualTo("Namespace"));
        String account = (String) ((Map<String, Object>) spec.get("worker")).get("serviceAccountName");
        assertThat(docs).anySatisfy(d -> {
            assertThat(d.get("kind")).isEqualTo("ServiceAccount");
            assertThat(((Map<String, Object>) d.get("metadata")).get("name")).isEqualTo(account);
            assertThat(d.get("automountServiceAccountToken")).isEqualTo(false);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void apiKeyComesFromTheSecretBesideIt() {
        List<Map<String, Object>> docs = Examples.documents(Examples.DIR.resolve("api-key-secret.yaml"));
        Map<String, Object> secret = docs.stream()
                .filter(d -> "Secret".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> ref = (Map<String, Object>)
                ((Map<String, Object>) spec("api-key-secret.yaml").get("target")).get("apiKeySecretRef");

        assertThat(ref.get("name")).isEqualTo(((Map<String, Object>) secret.get("metadata")).get("name"));
        assertThat((Map<String, Object>) secret.get("stringData")).containsKey((String) ref.get("key"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void capacityGateSetsMinSatisfied() {
        Map<String, Object> expect =
                (Map<String, Object>) spec("capacity-gate.yaml").get("expect");

        assertThat(((Number) expect.get("minSatisfied")).doubleValue()).isPositive();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(String file) {
        return (Map<String, Object>)
                Examples.slaTunings(Examples.DIR.resolve(file)).get(0).get("spec");
    }
}
