package dev.slatune.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/** Builds and observes plain Jobs for the infrastructure ITs. */
public final class Jobs {

    /** Long enough for a controller round trip on a busy 2-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    private Jobs() {}

    /** A one-pod Job, {@code restartPolicy: Never}, image never pulled, with these args. */
    public static JobBuilder job(String name, int backoffLimit, String... args) {
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(backoffLimit)
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("load")
                .withImage("slatune:it")
                .withArgs(args)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
    }

    /** A controller-less owner reference to {@code owner}, as an operator sets on its Jobs. */
    public static OwnerReference ownedBy(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withBlockOwnerDeletion(true)
                .withController(true)
                .build();
    }

    /** The Job's condition of this type with status True, if any ("Complete", "Failed"). */
    public static boolean hasCondition(Job job, String type) {
        return job != null
                && job.getStatus() != null
                && job.getStatus().getConditions().stream()
                        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Waits until the Job has the condition; returns the Job. */
    public static Job awaitCondition(KubernetesClient client, String ns, String name, String type) {
        return Await.until(
                "Job " + name + " " + type,
                WAIT,
                () -> client.batch().v1().jobs().inNamespace(ns).withName(name).get(),
                j -> hasCondition(j, type));
    }

    /** The Job's pods, by the {@code job-name} label the Job controller sets. */
    public static List<Pod> pods(KubernetesClient client, String ns, String jobName) {
        return client.pods()
                .inNamespace(ns)
                .withLabel("job-name", jobName)
                .list()
                .getItems();
    }
}
