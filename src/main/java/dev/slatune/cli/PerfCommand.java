package dev.slatune.cli;

import dev.slatune.cli.evalscope.BenchmarkLog;
import dev.slatune.cli.evalscope.EvalScopeFiles;
import dev.slatune.cli.evalscope.EvalScopeRuns;
import dev.slatune.cli.evalscope.RunSheet;
import dev.slatune.cli.evalscope.SweepReport;
import dev.slatune.cli.report.ResultTable;
import dev.slatune.load.LoadException;
import dev.slatune.load.LoadRunner;
import dev.slatune.load.LoadSpec;
import dev.slatune.metrics.ExitCode;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code slatune perf}: an {@code evalscope perf} command line, unchanged. With {@code --sla-auto-tune} it is
 * {@link TuneCommand tune}. Without it, it runs each listed point once ({@code --parallel} paired with
 * {@code --number} as EvalScope pairs them, or {@code --rate} with {@code --number}), prints EvalScope's
 * percentile table of each run and the performance table of all, and writes EvalScope's files in its layout
 * plus slatune's summary.json and report.html. Without {@code --url} it measures the built-in simulator.
 */
@Command(
        name = "perf",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Run an 'evalscope perf' command line unchanged: replace 'evalscope perf' with 'slatune perf'.",
            "Without --sla-auto-tune: one run per listed point (--parallel 1 2 4 --number 10 20 40), EvalScope's",
            "tables and files. With --sla-auto-tune: the SLA search of 'slatune tune'.",
            "Without --url it measures the built-in simulator."
        },
        footer = {
            "",
            "Examples:",
            "  slatune perf --parallel 1 2 4 --number 10 20 40",
            "  slatune perf --url http://127.0.0.1:8000/v1/chat/completions --model Qwen2.5-0.5B-Instruct \\",
            "      --dataset random --max-tokens 1024 --min-prompt-length 1024 --max-prompt-length 1024 \\",
            "      --parallel 1 8 32 --number 16 64 256",
            "  slatune perf ... --sla-auto-tune --sla-params '[{\"p99_latency\": \"<=2s\"}]' --parallel 2",
            "",
            "Flags: docs/evalscope.md lists every evalscope perf flag and what slatune does with it.",
            "Exit codes: 0 every run finished, 2 bad input, 3 target unreachable, 130 interrupted."
        })
public class PerfCommand extends TuneCommand {

    /** One run of the sweep, validated before any load is sent. */
    record Run(LoadSpec spec, String label, String folder, long number) {}

    @Override
    public Integer call() {
        if (slaAutoTune) {
            return super.call();
        }
        try {
            EvalScopeFlags.check(
                    unmatched, spec == null ? List.of() : spec.optionsMap().keySet(), err, "perf");
        } catch (IllegalArgumentException e) {
            err.println("slatune perf: " + e.getMessage());
            return ExitCode.BAD_CONFIGURATION.code();
        }
        SimulatorServer simulator = null;
        try {
            LoadOptions.Overrides overrides = LoadOptions.Overrides.NONE;
            if (load.url == null || load.url.isBlank()) {
                simulator = SimulatorServer.start(SimulatorConfig.defaults());
                overrides = simulatorOverrides(simulator);
            }
            List<String> notes = new ArrayList<>();
            List<Run> runs = plan(overrides, notes);
            LoadSpec first = runs.get(0).spec();
            Path dir = EvalScopeFiles.outputDir(
                    outputsDir,
                    LocalDateTime.now(clock),
                    es.noTimestamp,
                    es.name,
                    first.target().model());
            return sweep(runs, dir, notes, simulator != null);
        } catch (LoadException e) {
            err.println("slatune perf: " + e.getMessage());
            return e.exitCode().code();
        } catch (IllegalArgumentException e) {
            err.println("slatune perf: " + e.getMessage());
            return ExitCode.BAD_CONFIGURATION.code();
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private LoadOptions.Overrides simulatorOverrides(SimulatorServer sim) {
        LoadOptions.Overrides o = DemoWorkload.overrides(sim, load.model, this::matched);
        err.printf(
                Locale.ROOT,
                "slatune perf: no --url given: measuring the built-in simulator at %s (model %s)%s%n",
                sim.baseUrl(),
                sim.config().model(),
                DemoWorkload.describe(o));
        return o;
    }

    /** The runs, paired as EvalScope pairs them; every spec is built (and so validated) here. */
    List<Run> plan(LoadOptions.Overrides overrides, List<String> notes) {
        for (String f : List.of(
                "--sla-variable",
                "--sla-params",
                "--sla-upper-bound",
                "--sla-lower-bound",
                "--sla-num-runs",
                "--sla-fixed-parallel",
                "--sla-number-multiplier")) {
            if (matched(f)) {
                notes.add(f + " has no effect without --sla-auto-tune (as in EvalScope)");
            }
        }
        List<LoadOptions.Point> points =
                points(load.parallel, load.rate, load.number, es.openLoop, load.duration != null, notes);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            LoadOptions.Point p = points.get(i);
            // Each run starts at fresh prompts, as EvalScope advances its dataset offset between runs.
            LoadSpec s = load.toSpec(p, overrides).withRun(load.run + i);
            if (i == 0 && !matched("--warmup-num") && !matched("--warmup-seconds")) {
                // As tune's first probe: a cold client and fresh connections would slow the first run's first
                // requests (EvalScope's default is no warm-up; give --warmup-num 0 to have none).
                s = s.withWarmup(FIRST_PROBE_WARMUP, null);
            }
            long n = s.size().number();
            String label = p.rate() != null
                    ? "rate=" + EvalScopeFiles.value(p.rate()) + " (at most "
                            + (p.maxConcurrency() == 0 ? "unlimited" : p.maxConcurrency()) + " in flight)"
                    : "parallel=" + p.parallel();
            String folder = points.size() == 1 ? "" : EvalScopeFiles.sweepFolder(p.parallel(), p.rate(), n);
            runs.add(new Run(s, label + (n > 0 ? " number=" + n : ""), folder, n));
        }
        return runs;
    }

    /**
     * EvalScope's pairing: {@code --parallel} with {@code --number} element by element (equal lengths), or, with
     * {@code --rate}, each rate with its {@code --number}; a rate run has at most {@code --parallel} requests in
     * flight unless {@code --open-loop}.
     */
    static List<LoadOptions.Point> points(
            List<Integer> parallel,
            List<Double> rate,
            List<Long> number,
            boolean openLoop,
            boolean hasDuration,
            List<String> notes) {
        List<LoadOptions.Point> out = new ArrayList<>();
        if (rate != null) {
            if (number != null && number.size() != rate.size()) {
                throw LoadException.badConfig(
                        "--number",
                        "give one --number per --rate value, as EvalScope pairs " + "them: got number " + number
                                + " and rate " + rate);
            }
            if (number == null && rate.size() > 1 && !hasDuration) {
                throw LoadException.badConfig(
                        "--number",
                        "give one --number per --rate value (" + rate.size()
                                + " values), as EvalScope requires, or --duration for each run");
            }
            if (parallel != null && parallel.size() > 1 && parallel.size() != rate.size()) {
                throw LoadException.badConfig(
                        "--parallel",
                        "with --rate, give one --parallel (the cap on requests "
                                + "in flight) or one per rate; got parallel " + parallel + " and rate " + rate);
            }
            if (!openLoop && parallel == null) {
                notes.add("--rate without --parallel: at most 1 request in flight, as EvalScope (its --parallel "
                        + "default 1 caps a rate run); give --parallel N or --open-loop for no cap");
            }
            for (int i = 0; i < rate.size(); i++) {
                int cap = openLoop ? 0 : parallel == null ? 1 : parallel.get(parallel.size() == 1 ? 0 : i);
                out.add(new LoadOptions.Point(null, rate.get(i), number == null ? null : number.get(i), cap));
            }
            return out;
        }
        List<Integer> ps = parallel == null ? List.of(1) : parallel;
        if (number != null && number.size() != ps.size()) {
            throw LoadException.badConfig(
                    "--number",
                    "the length of number and parallel should be the same (as "
                            + "EvalScope pairs them), but got number: " + number + " and parallel: " + ps);
        }
        if (openLoop) {
            notes.add("--open-loop has no effect without --rate");
        }
        for (int i = 0; i < ps.size(); i++) {
            out.add(new LoadOptions.Point(ps.get(i), null, number == null ? null : number.get(i), null));
        }
        return out;
    }

    private int sweep(List<Run> runs, Path dir, List<String> notes, boolean demo) {
        PrintStream console = err;
        long t0 = System.nanoTime();
        try (BenchmarkLog log = BenchmarkLog.open(dir, console);
                LoadRunner runner = runners.get()) {
            err = log.stream();
            notes.forEach(n -> err.println("slatune perf: note: " + n));
            int sleep =
                    es.sleepInterval != null ? Math.max(0, es.sleepInterval) : EvalScopeOptions.DEFAULT_SLEEP_SECONDS;
            Thread hook = new Thread(runner::cancel, "slatune-perf-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            List<SweepReport.Point> done = new ArrayList<>();
            List<String> tables = new ArrayList<>();
            int code = 0;
            try {
                boolean tty = System.console() != null;
                for (int i = 0; i < runs.size(); i++) {
                    Run run = runs.get(i);
                    if (i > 0 && sleep > 0) {
                        err.printf(
                                Locale.ROOT,
                                "slatune perf: sleeping %d s before the next run (--sleep-interval)%n",
                                sleep);
                        Thread.sleep(sleep * 1000L);
                    }
                    err.printf(
                            Locale.ROOT,
                            "[run %d/%d] %s (%.1f s elapsed)%n",
                            i + 1,
                            runs.size(),
                            run.label(),
                            (System.nanoTime() - t0) / 1e9);
                    RunSheet sheet = new RunSheet(new LoadCommand.ProgressLine(err, tty));
                    ProbeResult r = runner.run(run.spec(), sheet);
                    if (tty) {
                        err.println();
                    }
                    if (r == null || r.requests().total() == 0) {
                        code = 130;
                        break;
                    }
                    Map<String, Object> summary = EvalScopeFiles.summary(
                            r, sheet, EvalScopeRuns.concurrency(run.spec()), EvalScopeRuns.rate(run.spec()));
                    Map<String, List<Object>> perc = EvalScopeFiles.percentiles(sheet);
                    EvalScopeFiles.writeRun(run.folder().isEmpty() ? dir : dir.resolve(run.folder()), summary, perc);
                    String table = "Percentile results (" + run.label() + "):\n" + EvalScopeFiles.percentileTable(perc);
                    err.print(table);
                    tables.add(table);
                    done.add(new SweepReport.Point(
                            run.spec().variable(), run.spec().value(), run.number(), run.folder(), r, summary));
                    if (runner.wasCancelled()) {
                        code = 130;
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = 130;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
            }
            if (code == 130) {
                err.println("slatune perf: interrupted; writing what was measured");
            }
            report(dir, runs, done, tables, demo);
            err.printf(
                    Locale.ROOT,
                    "slatune perf: finished in %.1f s; results in %s%n",
                    (System.nanoTime() - t0) / 1e9,
                    dir);
            return code;
        } catch (IOException e) {
            console.println("slatune perf: --outputs-dir: cannot write " + dir + ": " + e.getMessage());
            return ExitCode.BAD_CONFIGURATION.code();
        } finally {
            err = console;
        }
    }

    private void report(Path dir, List<Run> runs, List<SweepReport.Point> done, List<String> tables, boolean demo)
            throws IOException {
        List<ProbeResult> rows = done.stream()
                .map(SweepReport.Point::result)
                .sorted(Comparator.comparingDouble(ProbeResult::value))
                .toList();
        out.println();
        tables.forEach(out::print);
        out.println();
        out.print(ResultTable.render(rows));
        if (done.isEmpty()) {
            return;
        }
        LoadSpec first = runs.get(0).spec();
        Files.writeString(
                dir.resolve("performance_summary.txt"),
                EvalScopeFiles.performanceSummary(
                        first.target().model(),
                        load.dataset,
                        first.target().api().toString(),
                        dir,
                        rows));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(
                "target",
                demo ? "built-in simulator (defaults)" : first.target().url().toString());
        context.put("model", first.target().model());
        context.put("points", runs.stream().map(Run::label).toList());
        context.put(
                "max tokens",
                first.body().maxTokensMin() == first.body().maxTokensMax()
                        ? "" + first.body().maxTokensMax()
                        : first.body().maxTokensMin() + ".." + first.body().maxTokensMax());
        context.put("dataset", load.dataset);
        context.put("stream", first.body().stream());
        context.put("percentiles", "EvalScope's: sorted values, the element at int(n * p / 100), 4 decimals");
        SweepReport.write(dir, context, done);
        err.println("slatune perf: wrote performance_summary.txt, benchmark.log, benchmark_summary.json and "
                + "benchmark_percentile.json per run, summary.json and report.html to " + dir);
    }
}
