package dev.slatune.it.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays the kubelet for the pods of Jobs (label {@code job-name}) in one namespace. The control
 * plane has no nodes, so such pods stay Pending forever; this stand-in picks each new one up,
 * marks it Running, runs its first container with a {@link ContainerRunner} (a real process, or a
 * fake in fast tests), and writes the outcome into {@code pods/status}: phase Succeeded or Failed
 * and {@code containerStatuses[0].state.terminated} with exit code and termination message. That
 * is all the Job controller needs to complete, retry or fail the Job. A pod deleted while its
 * container runs (Job deleted, deadline passed) gets its runner interrupted.
 */
public class KubeletStandIn implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubeletStandIn.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final Function<Pod, ContainerRunner> runners;
    private final PodEnvironment environment;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubelet-standin");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private SharedIndexInformer<Pod> informer;

    /** A stand-in that runs every pod with {@code runner}. */
    public KubeletStandIn(KubernetesClient client, String namespace, ContainerRunner runner) {
        this(namespace, client, pod -> runner);
    }

    /** A stand-in that picks a runner per pod (for example by its Job's name or labels). */
    public static KubeletStandIn choosing(
            KubernetesClient client, String namespace, Function<Pod, ContainerRunner> runners) {
        return new KubeletStandIn(namespace, client, runners);
    }

    private KubeletStandIn(String namespace, KubernetesClient client, Function<Pod, ContainerRunner> runners) {
        this.client = client;
        this.namespace = namespace;
        this.runners = runners;
        this.environment = new PodEnvironment(client);
    }

    /** Starts watching; returns this. */
    public KubeletStandIn start() {
        informer = client.pods().inNamespace(namespace).withLabel("job-name").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                consider(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                consider(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                stop(pod);
            }
        });
        return this;
    }

    /** How many containers this stand-in has started so far. */
    public int startedContainers() {
        return started.get();
    }

    private void consider(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            stop(pod);
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean fresh = phase == null || "Pending".equals(phase);
        // Each pod runs once, as a pod with restartPolicy Never does; Jobs retry with new pods.
        if (fresh && claimed.add(pod.getMetadata().getUid())) {
            running.put(pod.getMetadata().getUid(), executor.submit(() -> runPod(pod)));
        }
    }

    private void stop(Pod pod) {
        Future<?> f = running.remove(pod.getMetadata().getUid());
        if (f != null) {
            f.cancel(true);
        }
    }

    private void runPod(Pod pod) {
        String name = pod.getMetadata().getName();
        try {
            ContainerLaunch launch;
            try {
                launch = environment.resolve(pod);
            } catch (ContainerConfigException e) {
                patchStatus(pod, PodStatuses.configError(pod, e.getMessage()));
                return;
            }
            Instant startedAt = Instant.now();
            patchStatus(pod, PodStatuses.running(pod, startedAt));
            started.incrementAndGet();
            ContainerExit exit;
            try {
                exit = runners.apply(pod).run(launch);
            } catch (InterruptedException e) {
                return; // the pod is gone: nothing to report
            } catch (Exception e) {
                // A runtime error (cannot exec, bad mapping) is what the kubelet reports as exit 128.
                LOG.log(Level.WARNING, "container of pod " + name + " could not run", e);
                exit = ContainerExit.failed(128, "stand-in: " + e);
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            patchStatus(
                    pod,
                    PodStatuses.terminated(
                            pod,
                            startedAt,
                            exit,
                            "standin://" + pod.getMetadata().getUid()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.log(Level.WARNING, "cannot update the status of pod " + name, e);
            }
        } finally {
            running.remove(pod.getMetadata().getUid());
        }
    }

    private void patchStatus(Pod pod, PodStatus status) {
        // A JSON merge patch of the status subresource: lists (containerStatuses) are replaced
        // whole, and no resourceVersion means no conflict with the Job controller's writes.
        Pod patch = new PodBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withNamespace(namespace)
                .endMetadata()
                .withStatus(status)
                .build();
        client.pods().inNamespace(namespace).resource(patch).patchStatus();
    }

    /** Stops watching and interrupts running containers. */
    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        running.values().forEach(f -> f.cancel(true));
        executor.shutdownNow();
    }
}
