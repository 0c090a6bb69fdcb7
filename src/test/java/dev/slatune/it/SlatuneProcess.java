package dev.slatune.it;

import dev.slatune.it.kubelet.ProcessContainerRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code slatune} command run as its own process from the packaged jar ({@code operator},
 * {@code simulate}, {@code tune}), with its output in {@code target/it-logs/<name>.log}: the same
 * artifact a cluster runs, stopped by its process id.
 */
public class SlatuneProcess implements AutoCloseable {

    static final Path LOGS = Path.of("target/it-logs").toAbsolutePath();

    private final String name;
    private final Process process;
    private final Path log;

    private SlatuneProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code slatune ARGS} with {@code env} added to this JVM's environment. */
    public static SlatuneProcess start(String name, Map<String, String> env, List<String> args) {
        List<String> argv = new ArrayList<>(ProcessContainerRunner.slatuneCommand());
        argv.addAll(args);
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            return new SlatuneProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start slatune " + args, e);
        }
    }

    /** Waits for the process to exit; its exit code. */
    public int waitFor(long minutes) throws InterruptedException {
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + minutes + " min; see " + log);
        }
        return process.exitValue();
    }

    /** Whether it still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Its output so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The log file. */
    public Path log() {
        return log;
    }

    /** Kills it at once (SIGKILL), as a crashed or evicted pod would end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends it SIGTERM (as a node drain or eviction does) without waiting for it to exit. */
    public void terminate() {
        process.destroy();
    }

    /** Stops it gracefully (SIGTERM), then forcibly after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port free on 127.0.0.1 right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
