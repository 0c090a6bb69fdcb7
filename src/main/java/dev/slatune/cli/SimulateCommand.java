package dev.slatune.cli;

import dev.slatune.metrics.ExitCode;
import dev.slatune.simulator.CapacityModel;
import dev.slatune.simulator.Faults;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import dev.slatune.simulator.TokenRange;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code simulate} command: runs the OpenAI-compatible simulator until interrupted. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs an OpenAI-compatible LLM server simulator (vLLM-style streaming, continuous batching"
                + " capacity model, fault injection) until Ctrl-C.",
            "Durations take a unit: 8ms, 150us, 20000ns, 1s. See docs/simulator.md for the capacity model."})
public class SimulateCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = SimulatorConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8801", description = "Port to listen on; 0 picks a free one"
            + " (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--model", defaultValue = SimulatorConfig.DEFAULT_MODEL,
            description = "Served model name; requests naming another model get 404 (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of all random choices: output lengths,"
            + " jitter, faults, ids, text (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--slots", defaultValue = "64", description = "Batch slots: sequences that run at once; more"
            + " requests wait in a FIFO queue (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--step-base", defaultValue = "8ms", description = "Fixed time of one engine step"
            + " (default: ${DEFAULT-VALUE}).")
    String stepBase;

    @Option(names = "--step-per-seq", defaultValue = "150us", description = "Extra step time per running"
            + " sequence (default: ${DEFAULT-VALUE}).")
    String stepPerSeq;

    @Option(names = "--prefill-per-token", defaultValue = "20us", description = "Extra step time per prompt token"
            + " prefilled in the step; prompt tokens = characters / 4 (default: ${DEFAULT-VALUE}).")
    String prefillPerToken;

    @Option(names = "--jitter", defaultValue = "0", description = "Stretch each step by a seeded uniform factor in"
            + " [1-j, 1+j], 0 to 0.9 (default: ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--zero-delay", description = "No delays at all (overrides the step options): for benchmarking"
            + " clients against a server that is never the bottleneck.")
    boolean zeroDelay;

    @Option(names = "--default-max-tokens", defaultValue = "64-256", description = "Output length when a request"
            + " sets no max_tokens: N or MIN-MAX, drawn uniformly; such a request ends with finish_reason stop"
            + " (default: ${DEFAULT-VALUE}).")
    String defaultMaxTokens;

    @Option(names = "--max-model-len", defaultValue = "32768", description = "Context length: prompt + max_tokens"
            + " beyond it gets 400 (default: ${DEFAULT-VALUE}).")
    int maxModelLen;

    @Option(names = "--fail-429", defaultValue = "0", description = "Fraction of requests answered 429 at once"
            + " (default: ${DEFAULT-VALUE}).")
    double fail429;

    @Option(names = "--fail-500", defaultValue = "0", description = "Fraction of requests answered 500 at once"
            + " (default: ${DEFAULT-VALUE}).")
    double fail500;

    @Option(names = "--cut-streams", defaultValue = "0", description = "Fraction of requests whose connection is"
            + " closed after half their tokens (default: ${DEFAULT-VALUE}).")
    double cutStreams;

    @Option(names = "--stall", defaultValue = "0ms", description = "Stall before a request joins the queue,"
            + " delaying its first token (default: ${DEFAULT-VALUE}).")
    String stall;

    @Option(names = "--stall-fraction", defaultValue = "1", description = "Fraction of requests that stall when"
            + " --stall is set (default: ${DEFAULT-VALUE}).")
    double stallFraction;

    @Override
    public Integer call() throws InterruptedException {
        SimulatorConfig config;
        try {
            CapacityModel capacity = zeroDelay ? new CapacityModel(slots, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0)
                    : new CapacityModel(slots, duration("--step-base", stepBase), duration("--step-per-seq", stepPerSeq),
                            duration("--prefill-per-token", prefillPerToken), jitter);
            Faults faults = new Faults(fail429, fail500, cutStreams, duration("--stall", stall), stallFraction);
            config = new SimulatorConfig(host, port, model, capacity, TokenRange.parse(defaultMaxTokens), maxModelLen,
                    faults, seed);
        } catch (IllegalArgumentException e) {
            System.err.println("slatune simulate: " + e.getMessage());
            return ExitCode.BAD_CONFIGURATION.code();
        }
        SimulatorServer server;
        try {
            server = SimulatorServer.start(config);
        } catch (IllegalStateException e) {
            System.err.println("slatune simulate: " + e.getMessage());
            return ExitCode.UNREACHABLE.code();
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }, "simulator-shutdown"));
        CapacityModel c = config.capacity();
        System.out.printf("slatune simulator serving model %s at %s/v1 (slots %d, step %s + %s/seq + %s/prompt token,"
                + " seed %d). Ctrl-C stops it.%n", config.model(), server.baseUrl(), c.slots(), show(c.decodeBase()),
                show(c.decodePerSeq()), show(c.prefillPerToken()), config.seed());
        System.out.flush();
        stop.await();
        return ExitCode.MEASURED.code();
    }

    /** Shows a duration as the options take it: 8ms, 150us, 20us. */
    static String show(Duration d) {
        long ns = d.toNanos();
        if (ns % 1_000_000 == 0) {
            return ns / 1_000_000 + "ms";
        }
        return ns % 1_000 == 0 ? ns / 1_000 + "us" : ns + "ns";
    }

    /** Parses "8ms", "150us", "20000ns", "1s", "1.5s"; a bare number means milliseconds. */
    static Duration duration(String option, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            String[][] units = {{"ns", "1"}, {"us", "1000"}, {"µs", "1000"}, {"ms", "1000000"}, {"s", "1000000000"}};
            for (String[] u : units) {
                if (t.endsWith(u[0]) && !(u[0].equals("s") && (t.endsWith("ns") || t.endsWith("us") || t.endsWith("ms")))) {
                    double v = Double.parseDouble(t.substring(0, t.length() - u[0].length()).trim());
                    return checked(option, text, Math.round(v * Long.parseLong(u[1])));
                }
            }
            return checked(option, text, Math.round(Double.parseDouble(t) * 1_000_000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a duration (e.g. 8ms, 150us, 1s): " + text);
        }
    }

    private static Duration checked(String option, String text, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(option + ": must not be negative: " + text);
        }
        return Duration.ofNanos(nanos);
    }
}
