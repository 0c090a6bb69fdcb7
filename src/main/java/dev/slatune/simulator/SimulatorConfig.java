package dev.slatune.simulator;

import java.util.Objects;

/**
 * Everything the simulator needs to start: where it listens, what it serves and how it behaves.
 *
 * @param host address to bind, e.g. 127.0.0.1
 * @param port port to bind; 0 picks a free one ({@link SimulatorServer#port()} tells which)
 * @param model the served model name; requests naming another model get 404 as from vLLM
 * @param capacity capacity model of the simulated engine
 * @param defaultOutput output length drawn (seeded, uniform) when a request sets no max_tokens
 * @param maxModelLen context length reported by /v1/models and enforced on prompt + max_tokens
 * @param faults fault injection
 * @param seed seed of every random choice (output lengths, jitter, faults, ids, text)
 * @param quirks habits of other server families (connection closing, stream shapes); {@link Quirks#NONE} is vLLM
 */
public record SimulatorConfig(
        String host,
        int port,
        String model,
        CapacityModel capacity,
        TokenRange defaultOutput,
        int maxModelLen,
        Faults faults,
        long seed,
        Quirks quirks) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8801;
    public static final String DEFAULT_MODEL = "slatune-sim";

    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(defaultOutput, "defaultOutput");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(quirks, "quirks");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        if (maxModelLen < 2) {
            throw new IllegalArgumentException("maxModelLen must be at least 2, got " + maxModelLen);
        }
    }

    /** A simulator with vLLM's manners ({@link Quirks#NONE}). */
    public SimulatorConfig(
            String host,
            int port,
            String model,
            CapacityModel capacity,
            TokenRange defaultOutput,
            int maxModelLen,
            Faults faults,
            long seed) {
        this(host, port, model, capacity, defaultOutput, maxModelLen, faults, seed, Quirks.NONE);
    }

    /** The defaults of {@code slatune simulate}, on a free loopback port. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(
                DEFAULT_HOST,
                0,
                DEFAULT_MODEL,
                CapacityModel.DEFAULT,
                new TokenRange(64, 256),
                32768,
                Faults.NONE,
                42L);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(host, newPort, model, capacity, defaultOutput, maxModelLen, faults, seed, quirks);
    }

    public SimulatorConfig withCapacity(CapacityModel newCapacity) {
        return new SimulatorConfig(host, port, model, newCapacity, defaultOutput, maxModelLen, faults, seed, quirks);
    }

    public SimulatorConfig withFaults(Faults newFaults) {
        return new SimulatorConfig(host, port, model, capacity, defaultOutput, maxModelLen, newFaults, seed, quirks);
    }

    public SimulatorConfig withDefaultOutput(TokenRange range) {
        return new SimulatorConfig(host, port, model, capacity, range, maxModelLen, faults, seed, quirks);
    }

    public SimulatorConfig withModel(String newModel) {
        return new SimulatorConfig(host, port, newModel, capacity, defaultOutput, maxModelLen, faults, seed, quirks);
    }

    public SimulatorConfig withSeed(long newSeed) {
        return new SimulatorConfig(host, port, model, capacity, defaultOutput, maxModelLen, faults, newSeed, quirks);
    }

    public SimulatorConfig withQuirks(Quirks newQuirks) {
        return new SimulatorConfig(host, port, model, capacity, defaultOutput, maxModelLen, faults, seed, newQuirks);
    }
}
