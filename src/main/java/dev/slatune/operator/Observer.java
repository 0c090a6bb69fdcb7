package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The observe step: the resource's load Jobs (those whose owner reference carries its UID; a Job
 * left by a deleted resource of the same name is not its own) and their pods, read into an
 * {@link Observation}. Pods are listed once per reconcile, by the owner-UID label, and only while
 * some Job has not been read to its end.
 */
public final class Observer {

    private final KubernetesClient client;

    public Observer(KubernetesClient client) {
        this.client = client;
    }

    /** What {@code r}'s Jobs (from the informer: {@code owned}) and pods look like at {@code now}. */
    public Observation observe(SlaTuning r, Collection<Job> owned, Instant now) {
        String uid = r.getMetadata().getUid();
        List<Job> ours = owned.stream().filter(j -> ownedBy(j, uid)).toList();
        Map<String, List<Pod>> pods = ours.isEmpty() ? Map.of() : pods(r);
        Map<String, JobSight> sights = new LinkedHashMap<>();
        for (Job j : ours) {
            String name = j.getMetadata().getName();
            sights.put(name, sight(j, pods.getOrDefault(name, List.of()), now));
        }
        return new Observation(sights, now, Optional.empty());
    }

    /** One Job as the decision sees it. */
    static JobSight sight(Job j, List<Pod> pods, Instant now) {
        String gen = j.getMetadata().getLabels() == null
                ? null
                : j.getMetadata().getLabels().get(JobNames.GENERATION);
        long generation;
        try {
            generation = gen == null ? -1 : Long.parseLong(gen);
        } catch (NumberFormatException e) {
            generation = -1;
        }
        return new JobSight(
                j.getMetadata().getName(),
                generation,
                ResultReader.finished(j).isPresent(),
                j.getMetadata().getDeletionTimestamp() != null,
                ResultReader.read(j, pods, now));
    }

    static boolean ownedBy(Job j, String uid) {
        return uid != null
                && j.getMetadata().getOwnerReferences() != null
                && j.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
    }

    private Map<String, List<Pod>> pods(SlaTuning r) {
        return client
                .pods()
                .inNamespace(r.getMetadata().getNamespace())
                .withLabel(JobNames.TUNING_UID, r.getMetadata().getUid())
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getLabels() != null
                        && p.getMetadata().getLabels().get(JobNames.JOB_NAME) != null)
                .collect(Collectors.groupingBy(p -> p.getMetadata().getLabels().get(JobNames.JOB_NAME)));
    }
}
