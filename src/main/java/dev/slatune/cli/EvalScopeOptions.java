package dev.slatune.cli;

import picocli.CommandLine.Option;

/**
 * The {@code evalscope perf} flags that shape a whole run rather than one request: the pause between runs,
 * how bare SLA times are read, open loop, and the output directory's name. Shared by {@code tune} and
 * {@code perf} (a picocli mixin); read only, never written.
 */
public class EvalScopeOptions {

    /** EvalScope's default pause between runs, seconds. */
    static final int DEFAULT_SLEEP_SECONDS = 5;

    @Option(
            names = "--sleep-interval",
            description = "Seconds to pause between runs, so the server drains "
                    + "(EvalScope: 5). perf: default 5; tune: default --cooldown (0s).")
    Integer sleepInterval;

    @Option(
            names = "--sla-units",
            defaultValue = "seconds",
            description = "How a time threshold without a unit "
                    + "is read: seconds (the seed document; default) or evalscope-ms (bare TTFT/TPOT in ms, as EvalScope "
                    + "since 2026-04). A note is printed for each bare threshold either way.")
    String slaUnits;

    @Option(
            names = "--open-loop",
            description = "Rate runs without a cap on requests in flight (EvalScope: without "
                    + "it, --parallel caps a --rate run).")
    boolean openLoop;

    @Option(
            names = "--no-timestamp",
            description = "Write into <outputs-dir>/<name or model>/ without the " + "timestamp level.")
    boolean noTimestamp;

    @Option(
            names = "--name",
            description = "The last level of the output directory (default: the model's base "
                    + "name), as EvalScope's --name.")
    String name;
}
