package dev.slatune.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API server enforces a CRD's structural schema (required, minimum, enum) and its status
 * subresource: what the operator's CRD relies on for server-side validation.
 */
@ExtendWith(ControlPlaneExtension.class)
class SchemaValidationIT {

    @Test
    void acceptsAValidResource(KubernetesClient client, TestNamespace ns) {
        GenericKubernetesResource w = Widgets.api(client)
                .inNamespace(ns.name())
                .resource(Widgets.widget("valid", Map.of("size", 10, "color", "red")))
                .create();
        assertThat(w.getMetadata().getUid()).isNotBlank();
    }

    @Test
    void rejectsAValueBelowTheMinimum(KubernetesClient client, TestNamespace ns) {
        assertRejected(client, ns, Widgets.widget("small", Map.of("size", 0)), "spec.size");
    }

    @Test
    void rejectsAValueOutsideTheEnum(KubernetesClient client, TestNamespace ns) {
        assertRejected(client, ns, Widgets.widget("blue", Map.of("size", 2, "color", "blue")), "spec.color");
    }

    @Test
    void rejectsAMissingRequiredField(KubernetesClient client, TestNamespace ns) {
        assertRejected(client, ns, Widgets.widget("nosize", Map.of("color", "green")), "spec.size");
    }

    @Test
    void theStatusSubresourceIsWrittenOnlyThroughStatus(KubernetesClient client, TestNamespace ns) {
        var api = Widgets.api(client).inNamespace(ns.name());
        GenericKubernetesResource w = Widgets.widget("st", Map.of("size", 1));
        w.setAdditionalProperty("status", Map.of("observed", 1));
        api.resource(w).create();
        // Status sent with the main resource is dropped when a status subresource exists.
        assertThat(api.withName("st").get().getAdditionalProperties()).doesNotContainKey("status");

        GenericKubernetesResource current = api.withName("st").get();
        current.setAdditionalProperty("status", Map.of("observed", 7));
        api.resource(current).updateStatus();
        assertThat(api.withName("st").get().getAdditionalProperties().get("status"))
                .isEqualTo(Map.of("observed", 7));
    }

    private static void assertRejected(
            KubernetesClient client, TestNamespace ns, GenericKubernetesResource w, String field) {
        assertThatThrownBy(() ->
                        Widgets.api(client).inNamespace(ns.name()).resource(w).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining(field);
        assertThat(Widgets.api(client)
                        .inNamespace(ns.name())
                        .withName(w.getMetadata().getName())
                        .get())
                .isNull();
    }
}
