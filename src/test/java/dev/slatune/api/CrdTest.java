package dev.slatune.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD in {@code crds/} is the one the Java model generates (the generator QOSDK runs at
 * build), it documents every field, and it uses nothing Kubernetes 1.20 lacks. To refresh it:
 * {@code ./mvnw test -Dtest=CrdTest -Dslatune.crd.update=true}.
 */
class CrdTest {

    static final String FILE = "slatunings.slatune.dev-v1.yml";
    static final Path COMMITTED = Path.of("crds", FILE);

    static String generated;
    static CustomResourceDefinition crd;

    @BeforeAll
    static void generate() throws IOException {
        Path dir = Path.of("target", "crd-check");
        Files.createDirectories(dir);
        new CRDGenerator()
                .inOutputDir(dir.toFile())
                .forCRDVersions("v1")
                .customResourceClasses(SlaTuning.class)
                .generate();
        generated = Files.readString(dir.resolve(FILE));
        if (Boolean.getBoolean("slatune.crd.update")) {
            Files.writeString(COMMITTED, generated);
        }
        crd = Serialization.unmarshal(generated, CustomResourceDefinition.class);
    }

    @Test
    void committedCrdIsUpToDate() throws IOException {
        assertThat(COMMITTED).exists();
        assertThat(Files.readString(COMMITTED))
                .as("crds/%s is out of date: run ./mvnw test -Dtest=CrdTest -Dslatune.crd.update=true", FILE)
                .isEqualTo(generated);
    }

    @Test
    void resourceIsNamespacedWithShortNameStatusAndPrinterColumns() {
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("slat");
        var version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getAdditionalPrinterColumns())
                .extracting(c -> c.getName())
                .containsExactlyInAnyOrder("Variable", "Result", "Phase", "Age");
    }

    @Test
    void everyFieldHasADescription() {
        List<String> missing = new ArrayList<>();
        JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        walk("spec", root.getProperties().get("spec"), missing);
        walk("status", root.getProperties().get("status"), missing);
        assertThat(missing).as("fields without a description").isEmpty();
    }

    @Test
    void schemaValidatesRequiredFieldsEnumsAndMinimums() {
        JSONSchemaProps spec = crd.getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec");
        assertThat(spec.getRequired()).contains("target", "variable", "rules");
        assertThat(spec.getProperties().get("variable").getEnum())
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("\"parallel\"", "\"rate\"");
        assertThat(spec.getProperties().get("numRuns").getMinimum()).isEqualTo(1.0);
        assertThat(spec.getProperties().get("rules").getMinItems()).isEqualTo(1L);
        assertThat(spec.getProperties().get("target").getRequired()).contains("url", "model");
    }

    @Test
    void usesNothingKubernetes120Lacks() {
        // No CEL (x-kubernetes-validations came in 1.23 alpha / 1.25 beta).
        assertThat(generated).doesNotContain("x-kubernetes-validations");
    }

    /** Records every property below {@code node} that has no description (Kubernetes' own types included). */
    private static void walk(String path, JSONSchemaProps node, List<String> missing) {
        if (node == null) {
            return;
        }
        if (node.getProperties() != null) {
            for (Map.Entry<String, JSONSchemaProps> e : node.getProperties().entrySet()) {
                String p = path + "." + e.getKey();
                if (isOwn(p)
                        && (e.getValue().getDescription() == null
                                || e.getValue().getDescription().isBlank())) {
                    missing.add(p);
                }
                walk(p, e.getValue(), missing);
            }
        }
        if (node.getItems() != null && node.getItems().getSchema() != null) {
            walk(path + "[]", node.getItems().getSchema(), missing);
        }
    }

    /** Fields of Kubernetes' own types (resources, tolerations, affinity, env, conditions) are documented upstream. */
    private static boolean isOwn(String path) {
        return java.util.stream.Stream.of(
                        "spec.worker.resources.",
                        "spec.worker.tolerations[].",
                        "spec.worker.affinity.",
                        "spec.worker.env[].",
                        "spec.worker.imagePullSecrets[].",
                        "status.conditions[].")
                .noneMatch(path::startsWith);
    }
}
