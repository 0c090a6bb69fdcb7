package dev.slatune.operator;

/**
 * The JVM options of the load process, set by the operator through {@code JAVA_TOOL_OPTIONS} on the
 * Job, never by the user.
 *
 * <p>Chosen conservatively: they pin what the JVM would otherwise guess and change no compiler or
 * collector choice. The hand-set flags the README once suggested for starved machines
 * ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC ...}) made the engine slower on an idle machine
 * (27.6k against 43.7k req/s), and a Guaranteed pod is exactly not a starved one: its CPUs are its
 * own. So: {@code -XX:ActiveProcessorCount} from the CPU limit (event loops, GC and JIT threads
 * sized for the CPUs the pod may use, also when the runtime reports the node's); the heap as a
 * share of the container's memory limit, leaving room for Netty's direct buffers, metaspace and
 * thread stacks; exit on out-of-memory so a broken run fails fast as a Job failure instead of
 * limping on and measuring its own GC. {@code bench/jvm-options.sh} measures the choice against
 * the alternatives on a quiet machine.
 */
public final class WorkerJvm {

    /** The environment variable the JVM reads its extra options from. */
    public static final String ENV = "JAVA_TOOL_OPTIONS";
    /** Heap share of the container memory limit: the image's own default, so either way it is the same. */
    static final double HEAP_PERCENT = 75.0;

    private WorkerJvm() {}

    /** The options for a pod with {@code cpus} whole CPUs (0: unknown, leave it to the JVM). */
    public static String options(int cpus) {
        StringBuilder b = new StringBuilder();
        if (cpus > 0) {
            b.append("-XX:ActiveProcessorCount=").append(cpus).append(' ');
        }
        b.append("-XX:MaxRAMPercentage=").append(HEAP_PERCENT).append(' ');
        b.append("-XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=").append(LoadJobBuilder.TMP_DIR);
        return b.toString();
    }
}
