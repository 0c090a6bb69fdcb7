package dev.slatune.cli;

import dev.slatune.cli.evalscope.BenchmarkLog;
import dev.slatune.cli.evalscope.EvalScopeFiles;
import dev.slatune.cli.evalscope.EvalScopeRuns;
import dev.slatune.cli.evalscope.RunSheet;
import dev.slatune.cli.report.GoodputFigures;
import dev.slatune.cli.report.TuneReport;
import dev.slatune.load.Dataset;
import dev.slatune.load.LoadException;
import dev.slatune.load.LoadRunner;
import dev.slatune.load.LoadSpec;
import dev.slatune.metrics.ExitCode;
import dev.slatune.metrics.MeasurementNotes;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.plan.ProbeDefaults;
import dev.slatune.plan.ProbePlan;
import dev.slatune.search.ConditionCheck;
import dev.slatune.search.GroupVerdict;
import dev.slatune.search.MeasuredPoint;
import dev.slatune.search.PlanException;
import dev.slatune.search.Search;
import dev.slatune.search.Statistics;
import dev.slatune.search.Strategy;
import dev.slatune.search.TuningPlan;
import dev.slatune.search.Variable;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import dev.slatune.sla.BareTime;
import dev.slatune.sla.Metric;
import dev.slatune.sla.Numbers;
import dev.slatune.sla.RuleException;
import dev.slatune.sla.RuleGroup;
import dev.slatune.sla.SlaRules;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code slatune tune}: the whole SLA auto-tuning run on one machine. It parses the rules, then
 * lets the pure {@link Search} pick each pressure, measures it in-process with the load engine,
 * prints a progress line and verdict per probe, and at the end prints the seed document's two
 * tables and writes summary.json, probes.csv and report.html. Without {@code --url} it starts the
 * built-in simulator with a documented configuration and tunes that.
 */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Find the highest concurrency (or request rate) at which an endpoint still meets its SLA.",
            "Flags follow 'evalscope perf --sla-auto-tune': replace 'evalscope perf' with 'slatune tune'.",
            "Without --url it tunes the built-in simulator (see the README's 'The demo tune')."
        },
        footer = {
            "",
            "Examples:",
            "  slatune tune",
            "  slatune tune --url http://127.0.0.1:8000/v1/chat/completions --model Qwen2.5-0.5B-Instruct \\",
            "      --sla-variable parallel --sla-params '[{\"p99_latency\": \"<=2s\"}]' --parallel 2 --sla-upper-bound 64",
            "  slatune tune --url ... --sla-variable rate --rate 2 --sla-params '[{\"p99_ttft\": \"<50ms\"}]'",
            "",
            "Exit codes: 0 tuning ran to the end (whatever the verdicts), 2 bad input, 3 target unreachable,",
            "130 interrupted (what was measured is still written)."
        })
public class TuneCommand implements Callable<Integer> {

    /** The context value that says the table shows EvalScope's per-run averages. */
    static final String AVERAGED = "per-run averages (EvalScope's: the numbers its verdict used)";

    /** Unmeasured requests before the first probe, unless --warmup-num or --warmup-seconds says otherwise. */
    static final int FIRST_PROBE_WARMUP = ProbeDefaults.WARMUP_REQUESTS;

    @Spec
    CommandSpec spec;

    @Mixin
    LoadOptions load;

    @Mixin
    EvalScopeOptions es;

    @Option(
            names = "--sla-auto-tune",
            description = "Accepted for EvalScope compatibility: tuning is what 'tune' does.")
    boolean slaAutoTune;

    @Option(
            names = "--sla-variable",
            defaultValue = "parallel",
            showDefaultValue = Visibility.ALWAYS,
            description = "The pressure to search: parallel (concurrent requests, closed loop) or rate (arrivals "
                    + "per second, open loop). --parallel or --rate gives the start value.")
    String slaVariable;

    @Option(
            names = "--sla-params",
            description = "The SLA as JSON: a list of groups, each an object of "
                    + "metric: condition, e.g. '[{\"p99_latency\": \"<=2s\", \"p99_ttft\": \"<50ms\"}, {\"tps\": \"max\"}]'. "
                    + "Conditions of a group must all hold; each group gets its own search and result row. Operators "
                    + "<=, <, >=, >, max, min; times take ms or s (a bare number is seconds).")
    String slaParams;

    @Option(
            names = "--sla-lower-bound",
            defaultValue = "" + ProbeDefaults.LOWER_BOUND,
            showDefaultValue = Visibility.ALWAYS,
            description = "Lowest pressure the search may try.")
    double lowerBound;

    @Option(
            names = "--sla-upper-bound",
            defaultValue = "" + ProbeDefaults.UPPER_BOUND,
            showDefaultValue = Visibility.ALWAYS,
            description = "Highest pressure the search may try.")
    double upperBound;

    @Option(
            names = "--sla-num-runs",
            defaultValue = "" + ProbeDefaults.NUM_RUNS,
            showDefaultValue = Visibility.ALWAYS,
            description = "Runs per pressure point (the default strategy repeats only probes close to a threshold).")
    int numRuns;

    @Option(
            names = "--sla-fixed-parallel",
            description = "Rate search: at most N requests in flight (arrivals "
                    + "beyond wait, and the wait counts in their latency). Default: --sla-upper-bound, as EvalScope; "
                    + "--open-loop: no cap.")
    Integer fixedParallel;

    @Option(
            names = "--sla-number-multiplier",
            defaultValue = "" + ProbeDefaults.NUMBER_MULTIPLIER,
            showDefaultValue = Visibility.ALWAYS,
            description = "Requests per probe run = pressure x this (as EvalScope), at least 1.")
    double numberMultiplier;

    @Option(
            names = "--strategy",
            defaultValue = ProbeDefaults.STRATEGY,
            showDefaultValue = Visibility.ALWAYS,
            description = "default (pooled runs, real-valued rate, adaptive repeats, true optimum for max/min) or "
                    + "evalscope (EvalScope's exact algorithm, for comparing numbers with it).")
    String strategy;

    @Option(
            names = "--tolerance",
            defaultValue = "" + ProbeDefaults.TOLERANCE,
            showDefaultValue = Visibility.ALWAYS,
            description = "default strategy, rate search: stop when the bracket is narrower than this fraction.")
    double tolerance;

    @Option(
            names = "--sla-confidence",
            defaultValue = "0.95",
            showDefaultValue = Visibility.ALWAYS,
            description = "Confidence level of every verdict's interval: pass or fail only when the interval lies "
                    + "wholly on one side of the threshold, else uncertain. See docs/statistics.md.")
    double confidence;

    @Option(
            names = "--sla-min-samples",
            defaultValue = "200",
            showDefaultValue = Visibility.ALWAYS,
            description = "Fewest requests a verdict rests on (a p99.9 needs 2/(1-q) = 2000 at least).")
    int minSamples;

    @Option(
            names = "--sla-sample-budget",
            defaultValue = "1000",
            showDefaultValue = Visibility.ALWAYS,
            description = "default strategy: most requests pooled at one point the answer rests on while its "
                    + "verdict is uncertain; past it the answer is the highest confident pass.")
    int sampleBudget;

    @Option(
            names = "--max-probes",
            defaultValue = "" + ProbeDefaults.MAX_PROBES,
            showDefaultValue = Visibility.ALWAYS,
            description = "Hard cap on probe runs: no configuration can run away.")
    int maxProbes;

    @Option(
            names = "--max-error-rate",
            defaultValue = "" + ProbeDefaults.MAX_ERROR_RATE,
            showDefaultValue = Visibility.ALWAYS,
            description = "Failed requests a passing probe may have, as a fraction (EvalScope: 0, any failure fails).")
    double maxErrorRate;

    @Option(
            names = "--probe-duration",
            description = "Measure each probe run for at least this long (e.g. 30s) "
                    + "instead of pressure x multiplier requests.")
    String probeDuration;

    @Option(
            names = "--cooldown",
            defaultValue = "" + ProbeDefaults.COOLDOWN_SECONDS,
            showDefaultValue = Visibility.ALWAYS,
            description = "Pause between probes, so the server drains its queue (e.g. 5s).")
    String cooldown;

    @Option(
            names = "--outputs-dir",
            defaultValue = "outputs",
            showDefaultValue = Visibility.ALWAYS,
            description = "Results go to <outputs-dir>/<timestamp>/<name or model>/, as EvalScope's: its files "
                    + "(sla_summary.json, performance_summary.txt, benchmark.log, per-run folders) and ours "
                    + "(summary.json, probes.csv, report.html).")
    Path outputsDir;

    @Unmatched
    List<String> unmatched = new ArrayList<>();

    /** Makes the load runner; tests may replace it. */
    Supplier<LoadRunner> runners = LoadRunner::new;

    Clock clock = Clock.systemDefaultZone();
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        try {
            EvalScopeFlags.check(
                    unmatched, spec == null ? List.of() : spec.optionsMap().keySet(), err, "tune");
        } catch (IllegalArgumentException e) {
            err.println("slatune tune: " + e.getMessage());
            return ExitCode.BAD_CONFIGURATION.code();
        }
        SimulatorServer simulator = null;
        try {
            Inputs inputs = Inputs.of(this, null);
            if (inputs.demo()) {
                simulator = startDemoSimulator();
                inputs = Inputs.of(this, simulator);
            }
            return run(setup(inputs));
        } catch (RuleException e) {
            err.println("slatune tune: --sla-params: " + e.getMessage());
            return ExitCode.BAD_CONFIGURATION.code();
        } catch (LoadException e) {
            err.println("slatune tune: " + e.getMessage());
            return e.exitCode().code();
        } catch (IllegalArgumentException e) {
            err.println("slatune tune: " + e.getMessage());
            return ExitCode.BAD_CONFIGURATION.code();
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /** Everything a run needs, validated before any load is sent. */
    record TuneSetup(
            TuningPlan plan,
            ProbePlan probes,
            LoadSpec base,
            Duration cooldown,
            Path outputs,
            Map<String, Object> context,
            List<String> notes) {}

    /**
     * The values of the flags {@code tune} runs with, resolved once: as given, or the demo's in place of those not
     * given when it tunes the built-in simulator. Nothing is ever written into the options.
     *
     * @param overrides the simulator's URL and model and the quick workload, or {@link LoadOptions.Overrides#NONE}
     * @param upperBound {@code --sla-upper-bound}, or the demo's
     * @param slaParams {@code --sla-params}, or the demo's rules
     * @param demo whether there is no {@code --url}: the built-in simulator is the target
     */
    record Inputs(LoadOptions.Overrides overrides, double upperBound, String slaParams, boolean demo) {

        /** The inputs of {@code c}; {@code sim} is the demo's simulator once started, else null. */
        static Inputs of(TuneCommand c, SimulatorServer sim) {
            boolean demo = c.load.url == null || c.load.url.isBlank();
            if (!demo || sim == null) {
                return new Inputs(LoadOptions.Overrides.NONE, c.upperBound, c.slaParams, demo);
            }
            return new Inputs(
                    DemoWorkload.overrides(sim, c.load.model, c::matched),
                    c.matched("--sla-upper-bound") ? c.upperBound : DemoWorkload.UPPER_BOUND,
                    c.slaParams != null ? c.slaParams : DemoWorkload.RULES,
                    true);
        }
    }

    private SimulatorServer startDemoSimulator() {
        SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults());
        err.printf(
                Locale.ROOT,
                "slatune tune: no --url given: tuning the built-in simulator at %s (model %s; "
                        + "64 batch slots, step 8ms + 0.15ms per running sequence + 0.02ms per prefilled token)%n",
                sim.baseUrl(),
                sim.config().model());
        return sim;
    }

    /** EvalScope's requests per probe run: max(1, round(value x multiplier)), Python's round (half to even). */
    static long requestsPerRun(double value, double multiplier) {
        return ProbePlan.requests(value, multiplier);
    }

    /** The flag of a plan setting, for the message that names it. */
    static String flag(PlanException.Setting setting) {
        return switch (setting) {
            case RULES -> "--sla-params";
            case START -> "--parallel/--rate";
            case LOWER_BOUND -> "--sla-lower-bound";
            case UPPER_BOUND -> "--sla-upper-bound";
            case RUNS_PER_POINT -> "--sla-num-runs";
            case STRATEGY -> "--strategy";
            case TOLERANCE -> "--tolerance";
            case MAX_PROBES -> "--max-probes";
            case MAX_ERROR_RATE -> "--max-error-rate";
        };
    }

    /**
     * The spec of one in-process run: {@code base} with the plan's pressure, size, warm-up and prompt
     * ordinal, the same that {@code load} makes of {@link ProbePlan.ShareRun#loadArgs} in a Job.
     */
    static LoadSpec apply(LoadSpec base, Variable variable, ProbePlan.ShareRun share) {
        LoadSpec spec = variable == Variable.RATE
                ? base.withRate(share.value())
                : base.withParallel((int) Math.round(share.value()));
        spec = share.duration() != null ? spec.withDuration(share.duration()) : spec.withNumber(share.requests());
        return spec.withWarmup(share.warmupRequests(), base.size().warmupDuration())
                .withRun(share.ordinal());
    }

    boolean matched(String option) {
        return spec != null
                && spec.commandLine() != null
                && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    TuneSetup setup(Inputs in) {
        String slaParams = in.slaParams();
        double upperBound = in.upperBound();
        if (slaParams == null || slaParams.isBlank()) {
            throw new IllegalArgumentException(
                    "--sla-params is required with --url, e.g. " + "--sla-params '[{\"p99_latency\": \"<=2s\"}]'");
        }
        List<String> notes = new ArrayList<>();
        List<RuleGroup> groups = RulesJson.parse(slaParams, BareTime.ofFlag(es.slaUnits), notes);
        Variable variable;
        Strategy strat;
        try {
            variable = Variable.ofKey(slaVariable);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sla-variable: '" + slaVariable + "' is not one of parallel, rate");
        }
        try {
            strat = Strategy.ofKey(strategy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--strategy: '" + strategy + "' is not one of default, evalscope");
        }
        if (!(numberMultiplier > 0)) {
            throw new IllegalArgumentException("--sla-number-multiplier: must be > 0, got " + numberMultiplier);
        }
        if (fixedParallel != null && fixedParallel < 1) {
            throw new IllegalArgumentException("--sla-fixed-parallel: must be >= 1, got " + fixedParallel);
        }
        List<? extends Number> starts = variable == Variable.RATE ? load.rate : load.parallel;
        double start = starts == null ? 1 : starts.get(0).doubleValue();
        if (starts != null && starts.size() > 1) {
            notes.add("--" + variable.key() + " " + starts + ": the search starts at the first value, "
                    + Numbers.pressure(start) + ", as EvalScope's; a sweep of every value is 'slatune perf' without "
                    + "--sla-auto-tune");
        }
        if (variable == Variable.PARALLEL && load.rate != null) {
            throw new IllegalArgumentException("--rate: the search variable is parallel; give the start with "
                    + "--parallel, or search the rate with --sla-variable rate");
        }
        if (variable == Variable.PARALLEL && fixedParallel != null) {
            notes.add("--sla-fixed-parallel " + fixedParallel + " applies only with --sla-variable rate; the "
                    + "parallel search sets the concurrency itself (EvalScope ignores it here too)");
        }
        // The load spec is built once at the start value; each probe derives its own pressure from it. In a rate
        // search EvalScope runs every probe with --sla-fixed-parallel workers, by default --sla-upper-bound.
        int cap =
                es.openLoop ? 0 : fixedParallel != null ? fixedParallel : (int) Math.min(upperBound, Integer.MAX_VALUE);
        LoadSpec base = variable == Variable.RATE
                ? load.toSpec(new LoadOptions.Point(null, start > 0 ? start : 1, null, cap), in.overrides())
                : load.toSpec(new LoadOptions.Point(1, null, null, null), in.overrides());
        // Goodput rules are counted request by request in the load: the same sets the operator's Jobs get.
        base = base.withGoodput(LoadCommand.goodputSets(SlaRules.goodputSets(groups)));
        TuningPlan plan;
        try {
            plan = new TuningPlan(
                    variable,
                    start,
                    lowerBound,
                    upperBound,
                    numRuns,
                    groups,
                    strat,
                    tolerance,
                    maxProbes,
                    maxErrorRate,
                    new Statistics(confidence, minSamples, sampleBudget));
        } catch (PlanException e) {
            throw new IllegalArgumentException(flag(e.setting()) + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad statistics settings: " + e.getMessage());
        }
        Duration probeDur = probeDuration == null ? null : LoadOptions.duration("--probe-duration", probeDuration);
        // One warm process: unless told otherwise, warm up once before the first probe (a cold JVM and
        // fresh connections would slow the first numbers); given warm-up flags apply to every probe.
        boolean warmupGiven = matched("--warmup-num") || matched("--warmup-seconds");
        ProbePlan probes = new ProbePlan(
                variable,
                null,
                numberMultiplier,
                probeDur,
                warmupGiven ? 0 : FIRST_PROBE_WARMUP,
                warmupGiven,
                1,
                plan.maxRunsPerPoint(),
                1,
                load.run);
        Duration cool = es.sleepInterval != null
                ? Duration.ofSeconds(Math.max(0, es.sleepInterval))
                : LoadOptions.durationOrZero("--cooldown", cooldown);
        Path dir = EvalScopeFiles.outputDir(
                outputsDir,
                LocalDateTime.now(clock),
                es.noTimestamp,
                es.name,
                base.target().model());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(
                "target",
                in.demo()
                        ? "built-in simulator (defaults)"
                        : base.target().url().toString());
        context.put("model", base.target().model());
        context.put("variable", variable.key());
        context.put("strategy", strat.key());
        context.put("bounds", Numbers.pressure(lowerBound) + " .. " + Numbers.pressure(upperBound));
        context.put("start", Numbers.pressure(start));
        context.put("runs per point", numRuns);
        context.put(
                "confidence", confidence + " (min " + minSamples + " samples, budget " + sampleBudget + " per point)");
        context.put(
                "requests per run",
                probeDur != null ? "for " + probeDuration : "pressure x " + Numbers.pressure(numberMultiplier));
        context.put(
                "max tokens",
                base.body().maxTokensMin() == base.body().maxTokensMax()
                        ? "" + base.body().maxTokensMin()
                        : base.body().maxTokensMin() + " " + base.body().maxTokensMax());
        if (variable == Variable.RATE) {
            context.put(
                    "max in flight",
                    cap == 0
                            ? "no cap (--open-loop)"
                            : cap
                                    + (fixedParallel == null
                                            ? " (--sla-upper-bound, EvalScope's default for --sla-fixed-parallel)"
                                            : " (--sla-fixed-parallel)"));
        }
        if (strat == Strategy.EVALSCOPE) {
            context.put(TuneReport.AGGREGATION, AVERAGED);
        }
        context.put(
                "prompt tokens",
                base.prompts().minPromptLength() == base.prompts().maxPromptLength()
                        ? "" + base.prompts().minPromptLength()
                        : base.prompts().minPromptLength() + ".."
                                + base.prompts().maxPromptLength());
        context.put("stream", load.stream);
        context.put("rules", slaParams);
        return new TuneSetup(plan, probes, base, cool, dir, context, List.copyOf(notes));
    }

    private int run(TuneSetup s) {
        long t0 = System.nanoTime();
        boolean tty = System.console() != null;
        try (BenchmarkLog log = BenchmarkLog.open(s.outputs(), err)) {
            // Everything from here on goes to the console and to benchmark.log.
            PrintStream both = log.stream();
            for (String note : s.notes()) {
                both.println("slatune tune: note: " + note);
            }
            return run(s, tty, t0, both);
        } catch (IOException e) {
            err.println("slatune tune: --outputs-dir: cannot write " + s.outputs() + ": " + e.getMessage());
            return ExitCode.BAD_CONFIGURATION.code();
        }
    }

    private int run(TuneSetup s, boolean tty, long t0, PrintStream err) {
        EvalScopeRuns runs = new EvalScopeRuns(s.plan().variable().key());
        try (LoadRunner runner = runners.get()) {
            runner.serverMetrics(load.serverMetrics);
            Map<Double, Integer> probes = new LinkedHashMap<>(); // value -> its index, in the order first measured
            Tuner.ProbeExecutor executor = (value, run, probeIndex) -> {
                if (probeIndex > 0 && !s.cooldown().isZero()) {
                    Thread.sleep(s.cooldown().toMillis());
                }
                int probe = probes.computeIfAbsent(value, v -> probes.size());
                ProbePlan.ShareRun share = s.probes().run(probe, value, run, 0).get(0);
                LoadSpec spec = apply(s.base(), s.plan().variable(), share);
                if (matched("--warmup-num")) {
                    spec = spec.withWarmup(
                            load.warmupFor(share.requests() != null ? share.requests() : 0),
                            spec.size().warmupDuration());
                }
                if (probeIndex == 0) {
                    err.println("slatune tune: " + runner.serverMetricsDescription(spec));
                }
                RunSheet sheet = new RunSheet(new LoadCommand.ProgressLine(err, tty));
                ProbeResult r = runner.run(spec, sheet);
                if (tty) {
                    err.println();
                }
                if (r != null && r.requests().total() > 0) {
                    runs.add(s.outputs(), value, run, r, sheet, spec);
                }
                return runner.wasCancelled() && r != null && r.requests().total() == 0 ? null : r;
            };
            Tuner tuner = new Tuner(
                    s.plan(),
                    executor,
                    new ProgressPrinter(s.plan(), err, t0, s.base().prompts().dataset() == Dataset.RANDOM));
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        tuner.cancel();
                        runner.cancel();
                        try {
                            finished.await(15, TimeUnit.SECONDS); // let the reports be written
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "slatune-tune-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                Tuner.Outcome outcome;
                ExitCode code = ExitCode.MEASURED;
                try {
                    outcome = tuner.run();
                } catch (Tuner.TuneInterruptedException e) {
                    Throwable cause = e.getCause();
                    code = cause instanceof LoadException le ? le.exitCode() : ExitCode.ERROR;
                    err.println("slatune tune: " + e.getMessage());
                    outcome = new Tuner.Outcome(e.history(), null, "error: " + e.getMessage());
                }
                if (outcome.stoppedBy() != null && "interrupted".equals(outcome.stoppedBy())) {
                    err.println("slatune tune: interrupted; writing what was measured");
                    code = ExitCode.INTERRUPTED;
                }
                if (!outcome.history().isEmpty() || outcome.results() != null) {
                    report(s, outcome, runs, err);
                }
                err.printf(Locale.ROOT, "slatune tune: finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                return code.code();
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and waits on 'finished'
                }
            }
        }
    }

    private void report(TuneSetup s, Tuner.Outcome o, EvalScopeRuns runs, PrintStream err) {
        List<TuneReport.ProbeRow> rows = new ArrayList<>();
        int i = 0;
        for (MeasuredPoint p : o.history()) {
            // What the verdict judged: pooled runs (default) or EvalScope's per-run averages (evalscope).
            rows.add(new TuneReport.ProbeRow(i++, p, Search.aggregate(s.plan(), p), Search.verdicts(s.plan(), p)));
        }
        TuneReport.Data data = new TuneReport.Data(
                s.plan().variable().key(),
                rows,
                o.results(),
                o.stoppedBy(),
                s.context(),
                s.plan().groups().stream().map(RuleGroup::goodputSlos).toList());
        out.println();
        out.print(TuneReport.performanceTable(data));
        out.println();
        if (o.results() != null) {
            out.print(TuneReport.summaryTable(data));
        }
        try {
            TuneReport.write(s.outputs(), data);
            runs.writeSummaries(
                    s.outputs(),
                    s.base(),
                    load.dataset,
                    rows.stream()
                            .sorted(java.util.Comparator.comparingDouble(
                                    r -> r.point().value()))
                            .map(TuneReport.ProbeRow::pooled)
                            .toList());
            err.println("slatune tune: report written to " + s.outputs().resolve("report.html")
                    + " (also summary.json, probes.csv; EvalScope's sla_summary.json, performance_summary.txt, "
                    + "benchmark.log, sla_tuning/)");
        } catch (IOException e) {
            err.println("slatune tune: --outputs-dir: cannot write " + s.outputs() + ": " + e.getMessage());
        }
    }

    /** Prints one line when a probe starts and its verdict per group when it ends. */
    static final class ProgressPrinter implements Tuner.Listener {
        private final TuningPlan plan;
        private final PrintStream err;
        private final long t0;
        private final boolean randomPrompts;

        ProgressPrinter(TuningPlan plan, PrintStream err, long t0, boolean randomPrompts) {
            this.plan = plan;
            this.err = err;
            this.t0 = t0;
            this.randomPrompts = randomPrompts;
        }

        @Override
        public void probeStarting(int probeIndex, double value, int run) {
            err.printf(
                    Locale.ROOT,
                    "[probe %d] %s=%s run %d (%.1f s elapsed)%n",
                    probeIndex + 1,
                    plan.variable().key(),
                    Numbers.pressure(value),
                    run + 1,
                    (System.nanoTime() - t0) / 1e9);
        }

        @Override
        public void probeFinished(
                int probeIndex,
                double value,
                int run,
                ProbeResult result,
                MeasuredPoint pooled,
                List<GroupVerdict> verdicts) {
            err.printf(
                    Locale.ROOT,
                    "  measured %d requests (%d failed) in %.1f s%s%n",
                    result.requests().total(),
                    result.requests().failed(),
                    result.windowSeconds(),
                    result.client() != null && result.client().saturated()
                            ? "; WARNING client-side bottleneck: "
                                    + result.client().reason()
                            : "");
            for (var e : result.errorSamplesOrEmpty()) {
                err.printf(Locale.ROOT, "    %s%n", e);
            }
            if (result.server() != null) {
                err.printf(Locale.ROOT, "  %s%n", result.server().line());
            }
            for (String note : MeasurementNotes.of(result, randomPrompts)) {
                err.println("  note: " + note);
            }
            ProbeResult point = pooled.runs().size() == 1 ? result : Search.aggregate(plan, pooled);
            for (var g : point.goodput()) {
                err.println("  " + GoodputFigures.line(point, g));
            }
            for (GroupVerdict v : verdicts) {
                StringBuilder sb = new StringBuilder();
                for (ConditionCheck c : v.checks()) {
                    if (c.metric() == Metric.ERROR_RATE && c.pass()) {
                        continue; // the implicit "no failed requests" rule: worth a word only when it fails
                    }
                    if (sb.length() > 0) {
                        sb.append(", ");
                    }
                    sb.append(c.metric()).append(' ').append(Numbers.measured(c.metric(), c.measured()));
                    if (c.threshold() != null && !Double.isNaN(c.low())) {
                        sb.append(" [")
                                .append(Numbers.measured(c.metric(), c.low()))
                                .append(", ")
                                .append(Double.isInfinite(c.high()) ? "inf" : Numbers.measured(c.metric(), c.high()))
                                .append(']');
                    }
                    if (c.threshold() != null) {
                        // "measured (needs <= limit)" reads right whether the check passed or failed
                        sb.append(" (needs ")
                                .append(c.op())
                                .append(' ')
                                .append(Numbers.measured(c.metric(), c.threshold()))
                                .append(c.pass() ? ")" : ", FAILED)");
                    }
                }
                // The verdict with its confidence: PASS/FAIL when sure, "pass?"/"fail?" when uncertain.
                String word = v.sure() ? (v.pass() ? "PASS" : "FAIL") : (v.pass() ? "pass?" : "fail?");
                err.printf(
                        Locale.ROOT,
                        "  %s %s: %s (%d samples, %s at %.0f%%)%n",
                        word,
                        v.criteria(),
                        sb,
                        v.samples(),
                        v.verdict().key(),
                        v.confidence() * 100);
            }
        }
    }
}
