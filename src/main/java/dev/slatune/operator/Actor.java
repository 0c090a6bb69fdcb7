package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The act step: carries out a {@link Decider.Decision}. The status goes first, with optimistic
 * locking; only once it is stored are the Jobs it records created, so a status write that fails
 * starts no load. A Job that exists already under its name is taken only when its owner reference
 * names this resource's UID; anything else is {@link JobNameTaken}.
 */
public final class Actor {

    private static final Logger LOG = Logger.getLogger(Actor.class);

    /** Writes a resource's status (optimistic locking on its resourceVersion); returns the stored resource. */
    @FunctionalInterface
    public interface StatusWriter {
        SlaTuning write(SlaTuning r);
    }

    /** A Job of our name that some other owner holds: never adopted, never overwritten. */
    public static final class JobNameTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JobNameTaken(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;
    private final LoadJobBuilder jobs;
    private final OperatorSettings settings;
    private final TuningEvents events;
    private final TuningMetrics metrics;

    public Actor(KubernetesClient client, OperatorSettings settings, TuningEvents events, TuningMetrics metrics) {
        this.client = client;
        this.settings = settings;
        this.jobs = new LoadJobBuilder(settings);
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * Writes the decided status when it differs from {@code r}'s, then takes the actions. Returns
     * the resource as stored.
     */
    public SlaTuning act(SlaTuning r, Decider.Decision d, boolean statusChanged, StatusWriter writer) {
        SlaTuning stored = r;
        if (statusChanged) {
            r.setStatus(d.status());
            stored = writer.write(r);
        }
        ResolvedSpec spec = null;
        for (Action a : d.actions()) {
            if (a instanceof Action.CreateJob c) {
                spec = spec != null ? spec : ResolvedSpec.of(r.getSpec(), settings);
                create(r, jobs.build(r, spec, c.key(), c.value(), c.share(), c.startAt()));
            } else if (a instanceof Action.DeleteJob del) {
                delete(r.getMetadata().getNamespace(), del.name(), del.why());
            } else if (a instanceof Action.Emit e) {
                if (e.warning()) {
                    events.warning(r, e.reason(), e.message());
                } else {
                    events.normal(r, e.reason(), e.message());
                }
            } else if (a instanceof Action.Count c) {
                count(c);
            } else if (a instanceof Action.Answer ans) {
                metrics.maxSatisfied(
                        r.getMetadata().getNamespace(), r.getMetadata().getName(), ans.criteria(), ans.maxSatisfied());
            }
        }
        return stored;
    }

    /** Deletes the Jobs of a resource being deleted (owner references do it too, where a garbage collector runs). */
    public void cleanup(SlaTuning r, List<Job> owned) {
        for (Job j : owned) {
            if (j.getMetadata().getDeletionTimestamp() == null) {
                delete(j.getMetadata().getNamespace(), j.getMetadata().getName(), "the SlaTuning is deleted");
            }
        }
        metrics.forget(r.getMetadata().getNamespace(), r.getMetadata().getName());
    }

    private void count(Action.Count c) {
        switch (c.meter()) {
            case RUN_STARTED -> metrics.runStarted();
            case RUN_FINISHED -> metrics.runFinished(c.outcome());
            case TUNING_FINISHED -> metrics.tuningFinished(c.outcome());
        }
    }

    private void create(SlaTuning r, Job job) {
        String ns = job.getMetadata().getNamespace();
        try {
            client.batch().v1().jobs().inNamespace(ns).resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // Created before a restart, or the cache has not seen it yet: ours only if its owner is this UID.
            String name = job.getMetadata().getName();
            List<Job> existing = client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns)
                    .withField("metadata.name", name)
                    .list()
                    .getItems();
            boolean ours = existing.stream()
                    .anyMatch(j -> j.getMetadata().getOwnerReferences().stream()
                            .anyMatch(o -> r.getMetadata().getUid().equals(o.getUid())));
            if (!ours && !existing.isEmpty()) {
                throw new JobNameTaken("Job " + name + " exists but belongs to another owner; delete it or rename "
                        + "this SlaTuning");
            }
            LOG.debugf("Job %s exists already and is ours", name);
        }
    }

    private void delete(String namespace, String name, String why) {
        LOG.infof("deleting Job %s/%s: %s", namespace, name, why);
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
    }
}
