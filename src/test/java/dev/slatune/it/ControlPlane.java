package dev.slatune.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane (etcd, kube-apiserver, kube-controller-manager) that
 * {@code src/test/k8s/control-plane.sh} builds and runs on loopback. One per test JVM: the first
 * caller starts it, every IT class shares it, a shutdown hook stops it.
 */
public final class ControlPlane {

    /** The script, relative to the project directory that Maven runs tests in. */
    static final Path SCRIPT = Path.of("src/test/k8s/control-plane.sh");

    /**
     * Logs, certificates and etcd data of this project's control plane. Under {@code target/} so
     * that test runs of several checkouts at once never share one, and the logs sit next to the
     * failsafe reports.
     */
    static final Path STATE = Path.of("target/control-plane").toAbsolutePath();

    private static ControlPlane instance;

    private final Map<String, String> env;
    private final Config config;

    private ControlPlane(Map<String, String> env) {
        this.env = env;
        this.config = new ConfigBuilder()
                .withMasterUrl(env.get("SLATUNE_K8S_SERVER"))
                .withOauthToken(env.get("SLATUNE_K8S_TOKEN"))
                .withCaCertFile(env.get("SLATUNE_K8S_CA"))
                .withNamespace("default")
                // A fresh control plane answers quickly; fail a test rather than hang it.
                .withRequestTimeout(30_000)
                .build();
    }

    /** The running control plane, started on first use (the first run also builds it: minutes). */
    public static synchronized ControlPlane get() {
        if (instance == null) {
            instance = new ControlPlane(run("start", 45));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run("stop", 2), "control-plane-stop"));
        }
        return instance;
    }

    /** A new client for the admin user; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The client configuration (server URL, token, CA). */
    public Config config() {
        return config;
    }

    /** Path of the kubeconfig file, for processes such as the operator. */
    public Path kubeconfig() {
        return Path.of(env.get("KUBECONFIG"));
    }

    /** The directory with the control plane's logs, certificates and data. */
    public Path stateDir() {
        return Path.of(env.get("SLATUNE_K8S_STATE"));
    }

    /**
     * Runs the script and parses the {@code KEY=value} lines it prints. Its own progress goes to
     * this JVM's stderr, so a slow first build is visible in the Maven output.
     */
    private static Map<String, String> run(String command, int timeoutMinutes) {
        try {
            Path out = Files.createTempFile("control-plane-" + command, ".env");
            ProcessBuilder pb = new ProcessBuilder(List.of("bash", SCRIPT.toString(), command))
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("SLATUNE_K8S_STATE", STATE.toString());
            Process p = pb.start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("control-plane.sh " + command + " timed out");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "control-plane.sh " + command + " failed (exit " + p.exitValue() + "); see its messages above");
            }
            Map<String, String> env = new HashMap<>();
            text.lines().filter(l -> l.contains("=")).forEach(l -> {
                int i = l.indexOf('=');
                env.put(l.substring(0, i), l.substring(i + 1));
            });
            return env;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + SCRIPT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
