package dev.slatune.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kube-controller-manager's garbage collector deletes a Job once its owner is gone, whether the
 * owner is a built-in object or a custom resource: what the operator relies on to remove a run's
 * Jobs with its SlaTuning.
 */
@ExtendWith(ControlPlaneExtension.class)
class GarbageCollectionIT {

    /**
     * The collector learns about new custom resource kinds only when it re-reads discovery (every
     * 30 s in 1.20), so a Job owned by a Widget may wait that long after the CRD appeared.
     */
    private static final Duration COLLECTED = Duration.ofMinutes(2);

    @Test
    void aJobOwnedByAConfigMapGoesWithIt(KubernetesClient client, TestNamespace ns) {
        ConfigMap owner = client.configMaps()
                .inNamespace(ns.name())
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("owner")
                        .endMetadata()
                        .build())
                .create();
        assertOwnedJobIsCollected(
                client,
                ns,
                owner,
                "cm-job",
                () -> client.configMaps()
                        .inNamespace(ns.name())
                        .withName("owner")
                        .delete());
    }

    @Test
    void aJobOwnedByACustomResourceGoesWithIt(KubernetesClient client, TestNamespace ns) {
        GenericKubernetesResource owner = Widgets.api(client)
                .inNamespace(ns.name())
                .resource(Widgets.widget("owner", Map.of("size", 3)))
                .create();
        assertOwnedJobIsCollected(
                client,
                ns,
                owner,
                "cr-job",
                () -> Widgets.api(client)
                        .inNamespace(ns.name())
                        .withName("owner")
                        .delete());
    }

    private static void assertOwnedJobIsCollected(
            KubernetesClient client, TestNamespace ns, HasMetadata owner, String jobName, Runnable deleteOwner) {
        Job job = Jobs.job(jobName, 0, "load")
                .editMetadata()
                .addToOwnerReferences(Jobs.ownedBy(owner))
                .endMetadata()
                .build();
        client.batch().v1().jobs().inNamespace(ns.name()).resource(job).create();
        // The Job controller has made its pod: the collector must remove both levels.
        Await.until("a pod of " + jobName, Jobs.WAIT, () -> Jobs.pods(client, ns.name(), jobName), l -> !l.isEmpty());

        deleteOwner.run();

        Await.until(
                "Job " + jobName + " collected",
                COLLECTED,
                () -> client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns.name())
                        .withName(jobName)
                        .get(),
                Objects::isNull);
        Await.until(
                "pods of " + jobName + " collected",
                COLLECTED,
                () -> Jobs.pods(client, ns.name(), jobName),
                java.util.List::isEmpty);
        assertThat(client.batch().v1().jobs().inNamespace(ns.name()).list().getItems())
                .noneMatch(j -> j.getMetadata().getName().equals(jobName));
    }
}
