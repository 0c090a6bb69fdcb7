package dev.slatune.it.kubelet;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container as a real local process. The image is not pulled: its entrypoint is replaced
 * by a local one (by default this JVM's {@code java -jar target/quarkus-app/quarkus-run.jar}, the
 * same application the image holds) followed by the container's {@code args}. The process gets
 * only the container's environment. A temporary file stands in for {@code terminationMessagePath}
 * (as if mounted there): arguments that name that path get the file's path instead, and when none
 * does, {@code --termination-log=FILE} is added as the last argument. The file is read back as
 * the termination message once the process exits. Its output goes to
 * {@code <logDir>/<namespace>/<pod>.log}.
 */
public class ProcessContainerRunner implements ContainerRunner {

    /** The kubelet's cut for {@code FallbackToLogsOnError}: 80 lines, at most 2048 bytes. */
    private static final int LOG_TAIL_LINES = 80;

    private static final int LOG_TAIL_BYTES = 2048;

    private final List<String> entrypoint;
    private final Path logDir;
    /** Null, or the log text after which the process gets SIGTERM (a drain or eviction mid-run). */
    private final String terminateOnceLogged;

    /** A runner with this local entrypoint, writing container logs under {@code logDir}. */
    public ProcessContainerRunner(List<String> entrypoint, Path logDir) {
        this(entrypoint, logDir, null);
    }

    private ProcessContainerRunner(List<String> entrypoint, Path logDir, String terminateOnceLogged) {
        this.entrypoint = List.copyOf(entrypoint);
        this.logDir = logDir;
        this.terminateOnceLogged = terminateOnceLogged;
    }

    /**
     * This runner, except that each process is sent SIGTERM as soon as its log contains
     * {@code text}, as the kubelet does when a node is drained or the pod evicted mid-run.
     */
    public ProcessContainerRunner terminatingOnceLogged(String text) {
        return new ProcessContainerRunner(entrypoint, logDir, text);
    }

    /** The slatune application: {@code java -jar target/quarkus-app/quarkus-run.jar}. */
    public static ProcessContainerRunner slatune(Path logDir) {
        return new ProcessContainerRunner(slatuneCommand(), logDir);
    }

    /** The command that runs the packaged slatune jar with this JVM's java. */
    public static List<String> slatuneCommand() {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: run the ITs through Maven (package runs first)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-jar", jar.toString());
    }

    @Override
    public ContainerExit run(ContainerLaunch launch) throws IOException, InterruptedException {
        if (!launch.command().isEmpty()) {
            // Our image's entrypoint is the application; a command override would need a mapping
            // from image paths to local ones that no test has needed.
            throw new IllegalArgumentException("container " + launch.container() + " of pod " + launch.pod()
                    + " overrides the image's command " + launch.command() + "; the stand-in supports args only");
        }
        Path dir = Files.createDirectories(logDir.resolve(launch.namespace()));
        Path log = dir.resolve(launch.pod() + ".log");
        Path message = Files.createTempFile(dir, launch.pod() + "-", ".termination-log");
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(mapTerminationPath(launch.args(), launch.terminationMessagePath(), message));
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        String home = env.getOrDefault("HOME", "/tmp");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home);
        env.put("HOSTNAME", launch.pod());
        env.putAll(launch.env());
        Process p = pb.start();
        try {
            if (terminateOnceLogged != null) {
                while (p.isAlive() && !Files.readString(log).contains(terminateOnceLogged)) {
                    p.waitFor(100, TimeUnit.MILLISECONDS);
                }
                p.destroy();
            }
            int code = p.waitFor();
            String text = read(message);
            if (text.isEmpty() && code != 0 && launch.fallbackToLogsOnError()) {
                text = logTail(log);
            }
            return new ContainerExit(code, text);
        } catch (InterruptedException e) {
            // The pod was deleted: stop the container as the kubelet would, TERM then KILL.
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            throw e;
        } finally {
            Files.deleteIfExists(message);
        }
    }

    /** The args with the container's termination path mapped to {@code file}, or the flag added. */
    static List<String> mapTerminationPath(List<String> args, String containerPath, Path file) {
        List<String> out = new ArrayList<>();
        boolean mapped = false;
        for (String a : args) {
            if (a.equals(containerPath)) {
                out.add(file.toString());
                mapped = true;
            } else if (a.endsWith("=" + containerPath)) {
                out.add(a.substring(0, a.length() - containerPath.length()) + file);
                mapped = true;
            } else {
                out.add(a);
            }
        }
        if (!mapped) {
            out.add("--termination-log=" + file);
        }
        return out;
    }

    private static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new String(
                Arrays.copyOf(bytes, Math.min(bytes.length, ContainerExit.MAX_MESSAGE_BYTES)), StandardCharsets.UTF_8);
    }

    private static String logTail(Path log) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            List<String> lines =
                    new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        }
    }
}
