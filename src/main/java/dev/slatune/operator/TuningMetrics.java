package dev.slatune.operator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's Prometheus metrics: tuning runs by final phase, load runs by outcome, and the
 * latest max satisfied value of every resource and rule group.
 */
public class TuningMetrics {

    private final MeterRegistry registry;
    private final Map<List<String>, AtomicReference<Double>> maxSatisfied = new ConcurrentHashMap<>();

    public TuningMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A tuning run ended in {@code phase}. */
    public void tuningFinished(String phase) {
        registry.counter("slatune.tunings", "phase", phase).increment();
    }

    /** Load runs (all pod shares of one run at one value) started. */
    public void runStarted() {
        registry.counter("slatune.probe.runs.started").increment();
    }

    /** A load run ended: measured, retried or failed. */
    public void runFinished(String outcome) {
        registry.counter("slatune.probe.runs", "outcome", outcome).increment();
    }

    /** The latest answer for one rule group of one resource; NaN when no value satisfied it. */
    public void maxSatisfied(String namespace, String name, String criteria, Double value) {
        List<String> key = List.of(namespace, name, criteria);
        AtomicReference<Double> ref = maxSatisfied.computeIfAbsent(key, k -> {
            AtomicReference<Double> r = new AtomicReference<>(Double.NaN);
            Gauge.builder("slatune.max.satisfied", r, x -> x.get())
                    .tags(Tags.of("namespace", namespace, "name", name, "criteria", criteria))
                    .description("The highest value that satisfied the rule group in the latest finished run")
                    .register(registry);
            return r;
        });
        ref.set(value == null ? Double.NaN : value);
    }

    /** Forgets a deleted resource. */
    public void forget(String namespace, String name) {
        maxSatisfied.keySet().removeIf(k -> {
            if (k.get(0).equals(namespace) && k.get(1).equals(name)) {
                registry.find("slatune.max.satisfied")
                        .tags("namespace", namespace, "name", name, "criteria", k.get(2))
                        .meters()
                        .forEach(registry::remove);
                return true;
            }
            return false;
        });
    }
}
