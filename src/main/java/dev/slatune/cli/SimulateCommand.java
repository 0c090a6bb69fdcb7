package dev.slatune.cli;

import dev.slatune.metrics.ExitCode;
import dev.slatune.simulator.CapacityModel;
import dev.slatune.simulator.Faults;
import dev.slatune.simulator.Quirks;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import dev.slatune.simulator.TokenRange;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code simulate} command: runs the OpenAI-compatible simulator until interrupted. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs an OpenAI-compatible LLM server simulator (vLLM-style streaming, continuous batching"
                    + " capacity model, fault injection) until Ctrl-C.",
            "Durations take a unit: 8ms, 150us, 20000ns, 1s. See docs/simulator.md for the capacity model."
        })
public class SimulateCommand implements Callable<Integer> {

    @Option(
            names = "--host",
            defaultValue = SimulatorConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8801",
            description = "Port to listen on; 0 picks a free one" + " (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--model",
            defaultValue = SimulatorConfig.DEFAULT_MODEL,
            description = "Served model name; requests naming another model get 404 (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of all random choices: output lengths,"
                    + " jitter, faults, ids, text (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--slots",
            defaultValue = "64",
            description = "Batch slots: sequences that run at once; more"
                    + " requests wait in a FIFO queue (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(
            names = "--step-base",
            defaultValue = "8ms",
            description = "Fixed time of one engine step" + " (default: ${DEFAULT-VALUE}).")
    String stepBase;

    @Option(
            names = "--step-per-seq",
            defaultValue = "150us",
            description = "Extra step time per running" + " sequence (default: ${DEFAULT-VALUE}).")
    String stepPerSeq;

    @Option(
            names = "--prefill-per-token",
            defaultValue = "20us",
            description = "Extra step time per prompt token"
                    + " prefilled in the step; prompt tokens = characters / 4 (default: ${DEFAULT-VALUE}).")
    String prefillPerToken;

    @Option(
            names = "--jitter",
            defaultValue = "0",
            description = "Stretch each step by a seeded uniform factor in"
                    + " [1-j, 1+j], 0 to 0.9 (default: ${DEFAULT-VALUE}).")
    double jitter;

    @Option(
            names = "--zero-delay",
            description = "No delays at all (overrides the step options): for benchmarking"
                    + " clients against a server that is never the bottleneck.")
    boolean zeroDelay;

    @Option(
            names = "--default-max-tokens",
            defaultValue = "64-256",
            description = "Output length when a request"
                    + " sets no max_tokens: N or MIN-MAX, drawn uniformly; such a request ends with finish_reason stop"
                    + " (default: ${DEFAULT-VALUE}).")
    String defaultMaxTokens;

    @Option(
            names = "--max-model-len",
            defaultValue = "32768",
            description = "Context length: prompt + max_tokens" + " beyond it gets 400 (default: ${DEFAULT-VALUE}).")
    int maxModelLen;

    @Option(
            names = "--fail-429",
            defaultValue = "0",
            description = "Fraction of requests answered 429 at once" + " (default: ${DEFAULT-VALUE}).")
    double fail429;

    @Option(
            names = "--fail-500",
            defaultValue = "0",
            description = "Fraction of requests answered 500 at once" + " (default: ${DEFAULT-VALUE}).")
    double fail500;

    @Option(
            names = "--cut-streams",
            defaultValue = "0",
            description = "Fraction of requests whose connection is"
                    + " closed after half their tokens (default: ${DEFAULT-VALUE}).")
    double cutStreams;

    @Option(
            names = "--stall",
            defaultValue = "0ms",
            description = "Stall before a request joins the queue,"
                    + " delaying its first token (default: ${DEFAULT-VALUE}).")
    String stall;

    @Option(
            names = "--stall-fraction",
            defaultValue = "1",
            description = "Fraction of requests that stall when" + " --stall is set (default: ${DEFAULT-VALUE}).")
    double stallFraction;

    @Option(
            names = "--close-after",
            defaultValue = "0",
            description =
                    "Close each connection after this many"
                            + " replies on it; 1 closes after every reply as llama.cpp's server does; 0 never (default: ${DEFAULT-VALUE}).")
    int closeAfter;

    @Option(
            names = "--announce-close",
            description = "Send Connection: close with the reply after which the"
                    + " connection closes; without it the close is silent, as llama.cpp's.")
    boolean announceClose;

    @Option(
            names = "--keep-alive-header",
            description = "Value of a Keep-Alive header on every reply, e.g."
                    + " 'timeout=5, max=100' (what llama.cpp sends although it closes after every reply).")
    String keepAliveHeader;

    @Option(
            names = "--idle-timeout",
            defaultValue = "0ms",
            description = "Close connections idle this long;" + " 0 never (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(
            names = "--no-role-chunk",
            description = "Send no role-only first chunk: role and content come in the"
                    + " first content chunk (llama.cpp, some gateways).")
    boolean noRoleChunk;

    @Option(
            names = "--usage-in",
            defaultValue = "separate",
            description = "Where usage goes when the request asks"
                    + " for it: separate (a chunk with empty choices, vLLM and OpenAI) or last-chunk (on the chunk that"
                    + " carries finish_reason) (default: ${DEFAULT-VALUE}).")
    String usageIn;

    @Option(
            names = "--empty-chunks",
            defaultValue = "0",
            description = "Before the first token and after every"
                    + " Nth, chunks without text (content \"\" and content null); 0 none (default: ${DEFAULT-VALUE}).")
    int emptyChunks;

    @Option(
            names = "--sse-ping",
            defaultValue = "0ms",
            description = "Send the SSE comment ': ping' this often"
                    + " while a stream is open, also before its first token; 0 never (default: ${DEFAULT-VALUE}).")
    String ssePing;

    @Option(
            names = "--like-llamacpp",
            description = "llama.cpp's connection habit in one flag: Keep-Alive:"
                    + " timeout=5, max=100 and a silent close after every reply (same as --close-after 1"
                    + " --keep-alive-header 'timeout=5, max=100').")
    boolean likeLlamaCpp;

    @Override
    public Integer call() throws InterruptedException {
        SimulatorConfig config;
        try {
            CapacityModel capacity = zeroDelay
                    ? new CapacityModel(slots, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0)
                    : new CapacityModel(
                            slots,
                            duration("--step-base", stepBase),
                            duration("--step-per-seq", stepPerSeq),
                            duration("--prefill-per-token", prefillPerToken),
                            jitter);
            Faults faults = new Faults(fail429, fail500, cutStreams, duration("--stall", stall), stallFraction);
            config = new SimulatorConfig(
                    host,
                    port,
                    model,
                    capacity,
                    TokenRange.parse(defaultMaxTokens),
                    maxModelLen,
                    faults,
                    seed,
                    quirks());
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
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stop.countDown();
                        },
                        "simulator-shutdown"));
        CapacityModel c = config.capacity();
        System.out.printf(
                "slatune simulator serving model %s at %s/v1 (slots %d, step %s + %s/seq + %s/prompt token,"
                        + " seed %d).%s Ctrl-C stops it.%n",
                config.model(),
                server.baseUrl(),
                c.slots(),
                show(c.decodeBase()),
                show(c.decodePerSeq()),
                show(c.prefillPerToken()),
                config.seed(),
                describe(config.quirks()));
        System.out.flush();
        stop.await();
        return ExitCode.MEASURED.code();
    }

    /** The server-family habits the flags ask for. */
    Quirks quirks() {
        int close = likeLlamaCpp && closeAfter == 0 ? 1 : closeAfter;
        String keepAlive = likeLlamaCpp && keepAliveHeader == null ? Quirks.LLAMACPP_KEEP_ALIVE : keepAliveHeader;
        Quirks.UsagePlacement usage;
        try {
            usage = Quirks.UsagePlacement.parse(usageIn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--usage-in: " + e.getMessage());
        }
        if (closeAfter < 0) {
            throw new IllegalArgumentException(
                    "--close-after: must be 0 (never) or a number of replies, got " + closeAfter);
        }
        if (emptyChunks < 0) {
            throw new IllegalArgumentException(
                    "--empty-chunks: must be 0 (none) or a number of tokens, got " + emptyChunks);
        }
        return new Quirks(
                close,
                announceClose,
                keepAlive,
                duration("--idle-timeout", idleTimeout),
                !noRoleChunk,
                usage,
                emptyChunks,
                duration("--sse-ping", ssePing));
    }

    /** What the simulator does differently from vLLM, for the start-up line; empty when nothing. */
    static String describe(Quirks q) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (q.closeAfter() > 0) {
            parts.add((q.announceClose() ? "announced" : "silent") + " close after "
                    + (q.closeAfter() == 1 ? "every reply" : q.closeAfter() + " replies"));
        }
        if (q.keepAliveHeader() != null) {
            parts.add("Keep-Alive: " + q.keepAliveHeader());
        }
        if (!q.idleTimeout().isZero()) {
            parts.add("idle timeout " + show(q.idleTimeout()));
        }
        if (!q.roleChunk()) {
            parts.add("no role chunk");
        }
        if (q.usage() != Quirks.UsagePlacement.SEPARATE) {
            parts.add("usage on the last chunk");
        }
        if (q.emptyChunksEvery() > 0) {
            parts.add("empty chunks every " + q.emptyChunksEvery() + " tokens");
        }
        if (!q.pingEvery().isZero()) {
            parts.add("SSE ping every " + show(q.pingEvery()));
        }
        return parts.isEmpty() ? "" : " Habits: " + String.join(", ", parts) + ".";
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
                if (t.endsWith(u[0])
                        && !(u[0].equals("s") && (t.endsWith("ns") || t.endsWith("us") || t.endsWith("ms")))) {
                    double v = Double.parseDouble(
                            t.substring(0, t.length() - u[0].length()).trim());
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
