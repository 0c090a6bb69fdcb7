package dev.slatune.it.operator;

import dev.slatune.api.Phase;
import dev.slatune.api.SlaTuning;
import dev.slatune.it.Await;
import dev.slatune.it.ControlPlane;
import dev.slatune.it.kubelet.ContainerRunner;
import dev.slatune.it.kubelet.KubeletStandIn;
import dev.slatune.it.kubelet.ProcessContainerRunner;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an operator IT class runs against: the simulator, the operator as a process, and the
 * kubelet stand-in running each load pod as a real {@code slatune load} process (or, for the
 * tunings a test names, a fake container). Shared by the tests of one class, in its namespace.
 */
final class OperatorHarness implements AutoCloseable {

    /** A whole seed-1 tuning takes about a minute here; leave room for a busy machine. */
    static final Duration RUN = Duration.ofMinutes(5);

    final KubernetesClient client;
    final String namespace;
    final Simulator simulator;
    final KubeletStandIn kubelet;
    /** Containers of the tunings named here run with the given fake instead of a process. */
    final Map<String, ContainerRunner> fakes = new ConcurrentHashMap<>();
    /** What runs the containers of the other tunings: {@code slatune load} as a process. */
    final ProcessContainerRunner real;

    private final ControlPlane plane;
    private final boolean leaseSetting;
    private OperatorProcess operator;
    private int operators;

    OperatorHarness(ControlPlane plane, KubernetesClient client, String namespace) {
        this(plane, client, namespace, true);
    }

    /** Without {@code leaseSetting}, the operator is started with no SLATUNE_OPERATOR_LEASE_NAMESPACE. */
    OperatorHarness(ControlPlane plane, KubernetesClient client, String namespace, boolean leaseSetting) {
        this.plane = plane;
        this.leaseSetting = leaseSetting;
        this.client = client;
        this.namespace = namespace;
        this.simulator = Simulator.start();
        this.real = ProcessContainerRunner.slatune(Path.of("target/kubelet-logs"));
        this.kubelet = KubeletStandIn.choosing(
                        client,
                        namespace,
                        pod -> fakes.getOrDefault(
                                pod.getMetadata().getLabels().getOrDefault("slatune.dev/tuning", ""), real))
                .start();
        this.operator = startOperator();
    }

    private OperatorProcess startOperator() {
        return OperatorProcess.start(plane, namespace, "operator-" + namespace + "-" + (++operators), leaseSetting);
    }

    /** Kills the operator (SIGKILL) and starts a new one. */
    void restartOperator() throws InterruptedException {
        operator.kill();
        operator = startOperator();
    }

    MixedOperation<SlaTuning, KubernetesResourceList<SlaTuning>, Resource<SlaTuning>> tunings() {
        return client.resources(SlaTuning.class);
    }

    SlaTuning get(String name) {
        return tunings().inNamespace(namespace).withName(name).get();
    }

    /** Waits until the tuning reaches a terminal phase; returns it. */
    SlaTuning awaitTerminal(String name) {
        return Await.until(
                name + " finished",
                RUN,
                () -> get(name),
                r -> r != null
                        && r.getStatus() != null
                        && r.getStatus().getPhase() != null
                        && r.getStatus().getPhase().terminal());
    }

    /** The tuning's load Jobs, by the label the operator sets. */
    List<Job> jobs(String name) {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withLabel("slatune.dev/tuning", name)
                .list()
                .getItems();
    }

    /** Deletes the tuning and waits until it and its Jobs are gone. */
    void deleteAndAwaitGone(String name) {
        tunings().inNamespace(namespace).withName(name).delete();
        Await.until(name + " deleted", Duration.ofSeconds(60), () -> get(name), r -> r == null);
        Await.until("Jobs of " + name + " deleted", Duration.ofSeconds(60), () -> jobs(name), List::isEmpty);
    }

    static boolean phase(SlaTuning r, Phase p) {
        return r != null && r.getStatus() != null && r.getStatus().getPhase() == p;
    }

    /** The operator's log, for assertion messages. */
    String operatorLog() {
        return operator.output();
    }

    @Override
    public void close() {
        operator.close();
        kubelet.close();
        simulator.close();
    }
}
