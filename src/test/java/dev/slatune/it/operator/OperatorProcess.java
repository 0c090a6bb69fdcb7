package dev.slatune.it.operator;

import dev.slatune.it.Await;
import dev.slatune.it.ControlPlane;
import dev.slatune.it.SlatuneProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code slatune operator} as its own process against the control plane, configured as the Helm
 * chart configures it (environment variables), watching one namespace and electing its leader on
 * a Lease there. Killing it and starting another is an operator restart.
 */
public final class OperatorProcess implements AutoCloseable {

    /** The agreed-start lead of multi-pod runs in the ITs. */
    public static final int SHARE_START_LEAD_SECONDS = 60;

    private final SlatuneProcess process;

    private OperatorProcess(SlatuneProcess process) {
        this.process = process;
    }

    /** Starts an operator for {@code namespace}, its leader Lease there, and waits until it reports ready. */
    public static OperatorProcess start(ControlPlane plane, String namespace, String name) {
        return start(plane, namespace, name, true);
    }

    /**
     * Starts an operator for {@code namespace} and waits until it reports ready; without
     * {@code leaseSetting} it runs as a developer starts it outside a cluster, with no
     * {@code SLATUNE_OPERATOR_LEASE_NAMESPACE}, so it must find the Lease's namespace itself.
     */
    public static OperatorProcess start(ControlPlane plane, String namespace, String name, boolean leaseSetting) {
        int port = SlatuneProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of(
                "KUBECONFIG",
                plane.kubeconfig().toString(),
                "QUARKUS_HTTP_HOST",
                "127.0.0.1",
                "QUARKUS_HTTP_PORT",
                Integer.toString(port),
                "QUARKUS_OPERATOR_SDK_CONTROLLERS_SLATUNING_NAMESPACES",
                namespace,
                "SLATUNE_OPERATOR_WORKER_IMAGE",
                "slatune:it",
                // One tuning per target: the target Leases in the test's namespace, not the kubeconfig's.
                "SLATUNE_OPERATOR_TARGET_LEASE_NAMESPACE",
                namespace,
                // On the shared build machine (load average ~30 on 2 cores) a load pod took 15 to 45 s
                // from its Job's creation to its first request (measured in LoadPodsIT).
                "SLATUNE_OPERATOR_SHARE_START_LEAD_SECONDS",
                Integer.toString(SHARE_START_LEAD_SECONDS),
                // The safety-net re-examination, short so that a missed event costs seconds.
                "SLATUNE_OPERATOR_POLL_SECONDS",
                "5"));
        if (leaseSetting) {
            env.put("SLATUNE_OPERATOR_LEASE_NAMESPACE", namespace);
        }
        OperatorProcess op = new OperatorProcess(SlatuneProcess.start(name, env, List.of("operator")));
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Await.until(
                "operator " + name + " ready",
                Duration.ofSeconds(90),
                () -> {
                    if (!op.process.alive()) {
                        throw new AssertionError("operator exited:\n" + op.process.output());
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (Exception e) {
                        return -1;
                    }
                },
                code -> code == 200);
        return op;
    }

    /** Kills it (SIGKILL): no clean-up, no lease release, like a crashed pod. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Its log so far. */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
