package dev.slatune.operator;

import dev.slatune.api.TuningVariable;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU and memory of a load pod: requests equal to limits (Guaranteed QoS, so the kubelet neither
 * throttles the client below its request nor evicts it first), sized from the pod's share of the
 * pressure. A starved client measures its own delay, so the defaults err on the generous side.
 *
 * <p>The default counts requests in flight: a concurrency is its own count; a rate counts as
 * {@link #RATE_SECONDS_IN_FLIGHT} seconds of arrivals (an LLM reply takes seconds). One CPU per
 * {@link #IN_FLIGHT_PER_CPU} in flight, {@link #MIN_CPU} to {@link #MAX_CPU}; {@link #BASE_MEMORY_MIB}
 * plus {@link #MEMORY_MIB_PER_IN_FLIGHT} per request in flight (buffers, histograms), at most
 * {@link #MAX_MEMORY_MIB}. Values in spec.worker.resources replace the default of that resource; a
 * request without a limit gets the limit equal to it (and the reverse), so QoS stays Guaranteed.
 */
public final class WorkerResources {

    static final int IN_FLIGHT_PER_CPU = 128;
    static final double RATE_SECONDS_IN_FLIGHT = 10;
    static final int MIN_CPU = 1;
    static final int MAX_CPU = 4;
    static final int BASE_MEMORY_MIB = 512;
    static final int MEMORY_MIB_PER_IN_FLIGHT = 2;
    static final int MAX_MEMORY_MIB = 4096;

    private WorkerResources() {}

    /** The resources of a pod whose share of the pressure is {@code share}, with the user's {@code override}. */
    public static ResourceRequirements of(TuningVariable variable, double share, ResourceRequirements override) {
        double inFlight = variable == TuningVariable.PARALLEL ? share : share * RATE_SECONDS_IN_FLIGHT;
        int cpu = (int) Math.max(MIN_CPU, Math.min(MAX_CPU, Math.ceil(inFlight / IN_FLIGHT_PER_CPU)));
        long mib = Math.min(MAX_MEMORY_MIB, BASE_MEMORY_MIB + (long) Math.ceil(inFlight * MEMORY_MIB_PER_IN_FLIGHT));
        mib = (mib + 63) / 64 * 64;
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        Map<String, Quantity> askedRequests =
                override == null || override.getRequests() == null ? Map.of() : override.getRequests();
        Map<String, Quantity> askedLimits =
                override == null || override.getLimits() == null ? Map.of() : override.getLimits();
        Map<String, Quantity> defaults =
                Map.of("cpu", new Quantity(Integer.toString(cpu)), "memory", new Quantity(mib + "Mi"));
        for (String res : new String[] {"cpu", "memory"}) {
            Quantity req = askedRequests.get(res);
            Quantity lim = askedLimits.get(res);
            requests.put(res, req != null ? req : lim != null ? lim : defaults.get(res));
            limits.put(res, lim != null ? lim : req != null ? req : defaults.get(res));
        }
        // Other resources (ephemeral-storage, extended resources) pass through as given.
        askedRequests.forEach(requests::putIfAbsent);
        askedLimits.forEach(limits::putIfAbsent);
        return new ResourceRequirementsBuilder()
                .withRequests(requests)
                .withLimits(limits)
                .build();
    }

    /** Whole CPUs the JVM should assume: the CPU limit rounded up (as the JVM's own cgroup detection does). */
    public static int cpus(ResourceRequirements r) {
        Quantity q = r.getLimits() != null && r.getLimits().get("cpu") != null
                ? r.getLimits().get("cpu")
                : r.getRequests() != null ? r.getRequests().get("cpu") : null;
        if (q == null) {
            return 0;
        }
        BigDecimal cores = Quantity.getAmountInBytes(q);
        return Math.max(1, cores.setScale(0, RoundingMode.CEILING).intValueExact());
    }
}
