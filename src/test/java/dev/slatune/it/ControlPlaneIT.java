package dev.slatune.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The control plane the script builds is the one the design targets, and serves our CRDs. */
@ExtendWith(ControlPlaneExtension.class)
class ControlPlaneIT {

    @Test
    void servesKubernetes120OnLoopback(KubernetesClient client, ControlPlane plane) {
        assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.20.2");
        assertThat(client.getMasterUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(plane.kubeconfig()).exists();
    }

    @Test
    void createsTheTestNamespaceAndEstablishesTheCrds(KubernetesClient client, TestNamespace ns) {
        assertThat(client.namespaces().withName(ns.name()).get()).isNotNull();
        for (String name : new String[] {"slatunings.slatune.dev", "widgets.it.slatune.dev"}) {
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(name)
                    .get();
            assertThat(crd.getStatus().getConditions())
                    .anyMatch(c ->
                            c.getType().equals("Established") && c.getStatus().equals("True"));
        }
    }
}
