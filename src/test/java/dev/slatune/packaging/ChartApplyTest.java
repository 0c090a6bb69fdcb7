package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chart's CRD, its rendered manifests (default and non-default values) and every example,
 * applied to the Fabric8 mock API server in CRUD mode and read back: what Helm renders and what the
 * docs tell people to apply is accepted by a Kubernetes client and API as is.
 */
@EnableKubernetesMockClient(crud = true)
class ChartApplyTest {

    static KubernetesClient client;

    @BeforeEach
    void installCrds() throws IOException {
        for (Path file : Chart.crdFiles()) {
            try (InputStream in = new FileInputStream(file.toFile())) {
                client.resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
                        .createOr(existing -> existing.update());
            }
        }
        // Stand-in for the Prometheus Operator's CRD, which a cluster with a ServiceMonitor has.
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(new CustomResourceDefinitionBuilder()
                        .withNewMetadata()
                        .withName("servicemonitors.monitoring.coreos.com")
                        .endMetadata()
                        .withNewSpec()
                        .withGroup("monitoring.coreos.com")
                        .withScope("Namespaced")
                        .withNewNames()
                        .withKind("ServiceMonitor")
                        .withPlural("servicemonitors")
                        .withSingular("servicemonitor")
                        .endNames()
                        .addNewVersion()
                        .withName("v1")
                        .withServed(true)
                        .withStorage(true)
                        .withNewSchema()
                        .withNewOpenAPIV3Schema()
                        .withType("object")
                        .withXKubernetesPreserveUnknownFields(true)
                        .endOpenAPIV3Schema()
                        .endSchema()
                        .endVersion()
                        .endSpec()
                        .build())
                .createOr(existing -> existing.update());
    }

    @Test
    void crdIsServedWithItsShortNameAndStatusSubresource() {
        CustomResourceDefinition crd = client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("slatunings.slatune.dev")
                .get();

        assertThat(crd.getSpec().getNames().getShortNames()).contains("slat");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
            assertThat(v.getSubresources().getStatus()).isNotNull();
            assertThat(v.getAdditionalPrinterColumns())
                    .extracting("name")
                    .contains("Variable", "Result", "Phase", "Age");
        });
    }

    @Test
    void everyChartConfigurationApplies() {
        for (Map<String, Object> values : List.<Map<String, Object>>of(
                Map.of(),
                Map.of(
                        "watchNamespaces",
                        List.of("team-a", "team-b"),
                        "simulator",
                        Map.of("enabled", true),
                        "metrics",
                        Map.of("serviceMonitor", Map.of("enabled", true))))) {
            List<HasMetadata> rendered = Chart.render(values);

            rendered.forEach(r -> client.resource(r).createOr(existing -> existing.update()));

            for (HasMetadata r : rendered) {
                HasMetadata stored = client.resource(r).get();
                assertThat(stored)
                        .as(r.getKind() + " " + r.getMetadata().getName())
                        .isNotNull();
                assertThat(stored.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "slatune");
            }
        }
        assertThat(client.genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor")
                        .inNamespace(Chart.NAMESPACE)
                        .list()
                        .getItems())
                .hasSize(1);
        assertThat(client.rbac()
                        .roles()
                        .inNamespace("team-b")
                        .withName("slat-slatune")
                        .get()
                        .getRules())
                .isNotEmpty();
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(Chart.NAMESPACE)
                        .withName("slat-slatune-simulator")
                        .get())
                .isNotNull();
    }

    @Test
    void everyExampleApplies() {
        for (Path file : Examples.files()) {
            List<HasMetadata> docs = Chart.parse(Examples.documents(file).stream()
                    .map(d -> client.getKubernetesSerialization().asYaml(d))
                    .reduce("", (a, b) -> a + "---\n" + b));
            // Namespaces first, as kubectl apply of a whole directory would need.
            docs.stream()
                    .sorted(Comparator.comparing((HasMetadata r) -> !r.getKind().equals("Namespace")))
                    .forEach(r -> client.resource(r).createOr(existing -> existing.update()));
        }

        List<GenericKubernetesResource> tunings = client.genericKubernetesResources("slatune.dev/v1alpha1", "SlaTuning")
                .inAnyNamespace()
                .list()
                .getItems();
        assertThat(tunings)
                .extracting(t ->
                        t.getMetadata().getNamespace() + "/" + t.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "llm/qwen-max-parallel-p99-latency",
                        "llm/qwen-max-tps",
                        "llm/qwen-max-rate-ttft",
                        "slatune-demo/sim-p99-latency",
                        "llm/gateway-p99-ttft",
                        "llm/qwen-exact-prompts",
                        "llm/chat-capacity-gate");
        assertThat(client.secrets()
                        .inNamespace("llm")
                        .withName("openai-compatible-key")
                        .get())
                .isNotNull();
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("slatune-demo")
                        .withName("llm-sim")
                        .get())
                .isNotNull();
    }
}
