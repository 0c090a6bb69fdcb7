package dev.slatune.load;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** Reads this process's CPU time, to tell when the load generator itself ran out of CPU. */
final class CpuMeter {

    private CpuMeter() {}

    /** CPU time used by the process so far, or -1 when the JVM cannot tell. */
    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** The share of all CPUs the process used since ({@code cpuStart}, {@code wallStart}); 0 when unknown. */
    static double busyShare(long cpuStart, long wallStart) {
        long cpu = processCpuNanos();
        long wall = System.nanoTime() - wallStart;
        if (cpuStart < 0 || cpu < 0 || wall <= 0) {
            return 0;
        }
        return (double) (cpu - cpuStart) / wall / Runtime.getRuntime().availableProcessors();
    }
}
