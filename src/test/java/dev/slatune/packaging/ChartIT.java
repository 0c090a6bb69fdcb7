package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.it.ControlPlaneExtension;
import dev.slatune.it.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart and the examples on a real kube-apiserver (1.20, RBAC authorizer; see
 * src/test/k8s/control-plane.sh): the rendered manifests pass the server's own validation, the
 * server's RBAC lets the operator's account make exactly the calls of its table and nothing else,
 * the workers' account nothing at all, and every example SlaTuning passes the CRD's schema as the
 * server enforces it, while the invalid ones it must refuse are refused.
 */
@ExtendWith(ControlPlaneExtension.class)
class ChartIT {

    @Test
    void chartAppliesAndItsRbacAllowsExactlyTheOperatorsCalls(KubernetesClient client, TestNamespace ns) {
        String other = createNamespace(client, ns.name() + "-x");
        List<HasMetadata> rendered = Chart.render(Map.of("simulator", Map.of("enabled", true)), ns.name());
        rendered.forEach(r -> client.resource(r).create());
        try {
            String operator = "system:serviceaccount:" + ns.name() + ":" + ChartTemplateTest.FULLNAME;
            String worker = operator + "-worker";

            for (String call : ChartRbacTest.WATCHED_NAMESPACE_CALLS) {
                assertThat(allowed(client, operator, ns.name(), other, call))
                        .as(call + " cluster-wide")
                        .isTrue();
                assertThat(allowed(client, worker, ns.name(), other, call))
                        .as("worker: " + call)
                        .isFalse();
            }
            for (String call : ChartRbacTest.LEASE_CALLS) {
                assertThat(allowed(client, operator, ns.name(), ns.name(), call))
                        .as(call)
                        .isTrue();
                assertThat(allowed(client, operator, ns.name(), other, call))
                        .as(call + " elsewhere")
                        .isFalse();
            }
            for (String call : List.of(
                    "/secrets:get",
                    "/secrets:list",
                    "/pods:create",
                    "/pods:delete",
                    "batch/jobs:update",
                    "slatune.dev/slatunings:create",
                    "slatune.dev/slatunings:delete",
                    "apps/deployments:create")) {
                assertThat(allowed(client, operator, ns.name(), other, call))
                        .as(call)
                        .isFalse();
            }
        } finally {
            // Cluster-scoped objects outlive the namespace; remove them for the next test.
            rendered.stream()
                    .filter(r -> r.getMetadata().getNamespace() == null)
                    .forEach(r -> client.resource(r).delete());
        }
    }

    @Test
    void watchNamespacesConfinesTheOperatorToThem(KubernetesClient client, TestNamespace ns) {
        // A release namespace of its own: this is a second installation, not an upgrade of the first.
        String release = createNamespace(client, ns.name() + "-r");
        String watched = createNamespace(client, ns.name() + "-w");
        String other = createNamespace(client, ns.name() + "-o");
        List<HasMetadata> rendered = Chart.render(Map.of("watchNamespaces", List.of(watched)), release);
        rendered.forEach(r -> client.resource(r).create());
        String operator = "system:serviceaccount:" + release + ":" + ChartTemplateTest.FULLNAME;

        assertThat(Chart.all(rendered, ClusterRole.class)).isEmpty();
        for (String call : ChartRbacTest.WATCHED_NAMESPACE_CALLS) {
            assertThat(allowed(client, operator, release, watched, call))
                    .as(call + " in " + watched)
                    .isTrue();
            assertThat(allowed(client, operator, release, other, call))
                    .as(call + " in " + other)
                    .isFalse();
        }
        assertThat(client.serviceAccounts()
                        .inNamespace(watched)
                        .withName(ChartTemplateTest.FULLNAME + "-worker")
                        .get()
                        .getAutomountServiceAccountToken())
                .isFalse();
    }

    @Test
    void everyExampleIsAcceptedByTheApiServer(KubernetesClient client, TestNamespace ns) {
        int tunings = 0;
        for (Path file : Examples.files()) {
            for (Map<String, Object> doc : Examples.documents(file)) {
                if ("Namespace".equals(doc.get("kind")) || "argocd-cm".equals(name(doc))) {
                    continue;
                }
                Map<String, Object> copy = inNamespace(doc, ns.name());
                GenericKubernetesResource r =
                        client.getKubernetesSerialization().convertValue(copy, GenericKubernetesResource.class);
                GenericKubernetesResource created = client.resource(r).create();
                assertThat(created.getMetadata().getUid())
                        .as(file + " " + name(doc))
                        .isNotBlank();
                tunings += "SlaTuning".equals(doc.get("kind")) ? 1 : 0;
                if ("SlaTuning".equals(doc.get("kind"))) {
                    // Nothing the example says was pruned: the server kept the spec as written.
                    assertThat(created.getAdditionalProperties().get("spec")).isEqualTo(doc.get("spec"));
                }
            }
        }
        assertThat(tunings).isEqualTo(7);
    }

    @Test
    void theApiServerRefusesWhatTheSchemaForbids(KubernetesClient client, TestNamespace ns) {
        Map<String, Object> valid =
                Examples.slaTunings(Examples.DIR.resolve("capacity-gate.yaml")).get(0);
        for (Map.Entry<String, Object> bad : Map.<String, Object>of(
                        "variable", "concurrency", "numRuns", 0, "rules", List.of(), "strategy", "fastest")
                .entrySet()) {
            Map<String, Object> doc = inNamespace(valid, ns.name());
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) doc.get("spec"));
            spec.put(bad.getKey(), bad.getValue());
            doc.put("spec", spec);
            Map<String, Object> body = new LinkedHashMap<>(doc);
            body.keySet().removeAll(Set.of("apiVersion", "kind", "metadata"));

            assertThat(CrdSchemaValidator.validate(body, Examples.schema()))
                    .as(bad.getKey())
                    .isNotEmpty();
            GenericKubernetesResource r =
                    client.getKubernetesSerialization().convertValue(doc, GenericKubernetesResource.class);
            assertThatThrownBy(() -> client.resource(r).create())
                    .as(bad.getKey())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(422))
                    .hasMessageContaining("spec." + bad.getKey());
        }
    }

    /** Whether {@code user} may make {@code call} (group/resource:verb) in {@code namespace}. */
    static boolean allowed(KubernetesClient client, String user, String userNamespace, String namespace, String call) {
        String[] groupResource = call.substring(0, call.indexOf(':')).split("/", 2);
        String[] resource = groupResource[1].split("/", 2);
        SubjectAccessReview review = client.resource(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(user)
                        .withGroups(
                                "system:serviceaccounts",
                                "system:serviceaccounts:" + userNamespace,
                                "system:authenticated")
                        .withNewResourceAttributes()
                        .withGroup(groupResource[0])
                        .withResource(resource[0])
                        .withSubresource(resource.length > 1 ? resource[1] : null)
                        .withVerb(call.substring(call.indexOf(':') + 1))
                        .withNamespace(namespace)
                        .endResourceAttributes()
                        .endSpec()
                        .build())
                .create();
        return Boolean.TRUE.equals(review.getStatus().getAllowed());
    }

    static String createNamespace(KubernetesClient client, String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
        return name;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> inNamespace(Map<String, Object> doc, String namespace) {
        Map<String, Object> copy = new LinkedHashMap<>(doc);
        Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) doc.get("metadata"));
        metadata.put("namespace", namespace);
        copy.put("metadata", metadata);
        return copy;
    }

    @SuppressWarnings("unchecked")
    static String name(Map<String, Object> doc) {
        return (String) ((Map<String, Object>) doc.get("metadata")).get("name");
    }
}
