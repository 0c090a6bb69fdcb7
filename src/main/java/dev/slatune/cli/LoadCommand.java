package dev.slatune.cli;

import dev.slatune.cli.report.ResultTable;
import dev.slatune.load.Dataset;
import dev.slatune.load.LoadException;
import dev.slatune.load.LoadRunner;
import dev.slatune.load.LoadSpec;
import dev.slatune.load.Progress;
import dev.slatune.load.ProgressListener;
import dev.slatune.load.StartGate;
import dev.slatune.metrics.ExitCode;
import dev.slatune.metrics.LoadFailure;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import dev.slatune.sla.Numbers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slatune load}: measures ONE pressure point and reports it as a table, a progress line while
 * it runs, and a {@link ProbeResult} JSON in {@code --output} and the termination log. Exit codes:
 * 0 measured (whatever the numbers), 2 bad flags or configuration, 3 target unreachable, 4
 * interrupted. Ctrl-C (SIGTERM) stops the load and still shows what was measured, marked
 * interrupted: the termination log then holds a {@link LoadFailure}, as for every failure, so the
 * operator measures the run again instead of recording half of it.
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Measures one pressure point (--parallel N or --rate R) against an OpenAI-compatible "
                + "endpoint and reports a ProbeResult.%nExit codes: 0 measured, 2 bad configuration, 3 target "
                + "unreachable, 4 interrupted (what was measured is shown, marked interrupted).")
public class LoadCommand implements Callable<Integer> {

    /** Where Kubernetes reads a container's termination message. */
    static final Path DEFAULT_TERMINATION_LOG = Path.of("/dev/termination-log");

    @Mixin
    LoadOptions options;

    @Option(names = "--output", description = "Write the ProbeResult JSON (all histograms) to this file.")
    Path output;

    @Option(
            names = "--termination-log",
            description = "Write the compact ProbeResult JSON (<= 3.5 KB) here "
                    + "(default: /dev/termination-log when it exists).")
    Path terminationLog;

    @Option(
            names = "--start-at",
            description = "Start the load at this wall-clock time (epoch milliseconds), "
                    + "after the target check, so that the pods of one run load together; a late start is reported.")
    Long startAt;

    @Option(
            names = "--header-from-env",
            arity = "1..*",
            description =
                    "Extra request headers whose value is in an "
                            + "environment variable, NAME=ENV_VAR (repeatable): for values from Secrets, which must not be arguments.")
    java.util.Map<String, String> headersFromEnv = new java.util.LinkedHashMap<>();

    @Option(
            names = "--goodput",
            paramLabel = "SLOS",
            description = "Count the measured requests that meet every per-request SLO of a set, e.g. "
                    + "'ttft<=0.2,tpot<=0.05' (seconds, or ms/s; bounds on latency, ttft, tpot, itl); repeatable. "
                    + "tune and the operator pass the sets of their goodput rules.")
    java.util.List<String> goodput = new java.util.ArrayList<>();

    /** The {@code --goodput} sets, parsed; a bad one is a configuration error naming the flag. */
    static java.util.List<dev.slatune.metrics.GoodputSlo> goodputSets(java.util.List<String> texts) {
        java.util.List<dev.slatune.metrics.GoodputSlo> out = new java.util.ArrayList<>();
        for (String t : texts) {
            try {
                out.add(dev.slatune.metrics.GoodputSlo.parse(t));
            } catch (IllegalArgumentException e) {
                throw LoadException.badConfig("--goodput", e.getMessage());
            }
        }
        return out;
    }

    /** Holds the load until --start-at; tests replace it. */
    StartGate gate = StartGate.system();
    /** The environment --header-from-env reads; tests replace it. */
    java.util.function.Function<String, String> environment = System::getenv;

    /** Makes runners; tests replace it to run against an in-process Vert.x. */
    Supplier<LoadRunner> runners = LoadRunner::new;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        LoadSpec spec;
        try {
            for (var h : headersFromEnv.entrySet()) {
                String value = environment.apply(h.getValue());
                if (value == null) {
                    throw LoadException.badConfig(
                            "--header-from-env",
                            "header " + h.getKey() + ": environment " + "variable " + h.getValue()
                                    + " is not set (in a load pod: check the Secret it comes from)",
                            null);
                }
                options.headers.put(h.getKey(), value);
            }
            spec = options.toSpec().withGoodput(goodputSets(goodput));
        } catch (LoadException e) {
            err.println("slatune load: " + e.getMessage());
            writeFailure(e);
            return e.exitCode().code();
        }
        CountDownLatch finished = new CountDownLatch(1);
        try (LoadRunner runner = runners.get()) {
            Thread hook = new Thread(
                    () -> {
                        runner.shutDown();
                        try {
                            finished.await(10, TimeUnit.SECONDS); // let the partial result be written
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "slatune-load-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                runner.serverMetrics(options.serverMetrics);
                err.printf(
                        Locale.ROOT,
                        "slatune load: %s=%s against %s (model %s); %s%n",
                        spec.variable(),
                        Numbers.exact(spec.value()),
                        spec.target().url(),
                        spec.target().model(),
                        runner.tokenizerDescription(spec.prompts().tokenizerPath()));
                err.println("slatune load: " + runner.serverMetricsDescription(spec));
                if (startAt != null) {
                    // Warm up first, then start the measured window at the agreed instant.
                    java.util.Optional<LoadSpec> measured = gate.warmUp(runner, spec, startAt, err);
                    if (measured.isEmpty()) {
                        return interruptedBeforeMeasuring("during the warm-up");
                    }
                    spec = measured.get();
                    long late = gate.await(startAt, runner::isShuttingDown);
                    if (late >= StartGate.LATE_MS) {
                        err.println(StartGate.lateMessage(late));
                    }
                }
                if (runner.isShuttingDown()) {
                    // SIGTERM during the target check, the tokenizer load or the wait for --start-at.
                    return interruptedBeforeMeasuring("before the measured run began");
                }
                boolean tty = System.console() != null;
                ProbeResult r = runner.run(spec, new ProgressLine(err, tty));
                if (tty) {
                    err.println();
                }
                boolean interrupted = runner.wasCancelled();
                if (interrupted) {
                    err.println("slatune load: interrupted; what was measured is shown, marked interrupted, "
                            + "and is not a complete run");
                }
                out.print(ResultTable.render(List.of(r)));
                out.print(ResultTable.details(r, spec.prompts().dataset() == Dataset.RANDOM));
                if (interrupted) {
                    out.println("result: interrupted after " + r.requests().total() + " measured requests");
                    writeOutput(r);
                    writeTerminationLog(LoadFailure.of(
                                    LoadFailure.Kind.INTERRUPTED,
                                    "cancelled after " + r.requests().total()
                                            + " measured requests; the partial result is not a run")
                            .toJson());
                    return LoadFailure.Kind.INTERRUPTED.exitCode();
                }
                writeOutput(r);
                writeTerminationLog(ProbeResultCodec.toJson(r));
                return ExitCode.MEASURED.code();
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits on 'finished'
                }
            }
        } catch (LoadException e) {
            err.println("slatune load: " + e.getMessage());
            writeFailure(e);
            return e.exitCode().code();
        }
    }

    /** Stopped (SIGTERM) before measuring anything: no result to report, only the reason and the exit code. */
    private int interruptedBeforeMeasuring(String when) {
        err.println("slatune load: interrupted " + when + "; nothing was measured");
        writeTerminationLog(LoadFailure.of(LoadFailure.Kind.INTERRUPTED, "cancelled " + when)
                .toJson());
        return LoadFailure.Kind.INTERRUPTED.exitCode();
    }

    private void writeOutput(ProbeResult r) {
        if (output != null) {
            writeFile(output, ProbeResultCodec.toPrettyJson(r), "--output");
        }
    }

    /** The structured reason of a failure, for the operator; a failure to write it must not hide the first. */
    private void writeFailure(LoadException e) {
        LoadFailure.Kind kind = LoadFailure.Kind.ofExitCode(e.exitCode().code());
        if (kind == null) {
            return;
        }
        try {
            writeTerminationLog(LoadFailure.of(kind, e.getMessage()).toJson());
        } catch (LoadException ignored) {
            err.println("slatune load: " + ignored.getMessage());
        }
    }

    private void writeTerminationLog(String json) {
        Path term = terminationLog;
        if (term == null && Files.isWritable(DEFAULT_TERMINATION_LOG)) {
            term = DEFAULT_TERMINATION_LOG;
        }
        if (term != null) {
            writeFile(term, json, "--termination-log");
        }
    }

    private static void writeFile(Path p, String json, String flag) {
        try {
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.writeString(p, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw LoadException.badConfig(flag, "cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    /** The progress line: rewritten in place on a terminal, one line every 10 s otherwise (logs). */
    static final class ProgressLine implements ProgressListener {
        private final PrintStream err;
        private final boolean tty;
        private long lastPrinted = Long.MIN_VALUE;

        ProgressLine(PrintStream err, boolean tty) {
            this.err = err;
            this.tty = tty;
        }

        @Override
        public synchronized void onProgress(Progress p) {
            long now = System.nanoTime();
            if (!tty && lastPrinted != Long.MIN_VALUE && now - lastPrinted < 10_000_000_000L) {
                return;
            }
            lastPrinted = now;
            String line = format(p);
            if (tty) {
                err.print("\r" + line + "   ");
                err.flush();
            } else {
                err.println(line);
            }
        }

        static String format(Progress p) {
            double s = p.elapsed().toMillis() / 1e3;
            String goal = p.number() > 0 ? "/" + p.number() : "";
            String time = p.duration() != null
                    ? String.format(Locale.ROOT, " of %ds", p.duration().toSeconds())
                    : "";
            return String.format(
                    Locale.ROOT,
                    "[%7.1fs%s] %s%d%s done, %d failed, %d in flight",
                    s,
                    time,
                    p.warmingUp() ? "warming up; " : "",
                    p.done(),
                    goal,
                    p.failed(),
                    p.inFlight());
        }
    }
}
