package dev.slatune.plan;

import java.util.List;

/**
 * The one table of defaults that {@code slatune tune}, {@code slatune perf}, the {@code SlaTuning}
 * CRD and the docs share. The constants are compile-time constants so that picocli's
 * {@code defaultValue} and the CRD's {@code @JsonPropertyDescription} can be written with them;
 * {@link #table()} lists them for the docs and for the test that holds the flags, the generated CRD
 * and docs/cli.md to these values.
 *
 * <p>Two values differ from EvalScope's, on purpose (docs/cli.md, "Probe defaults"):
 * {@link #UPPER_BOUND} is 512, not 65536, because the operator's guard rails refuse more than 1024
 * by default and a forgotten flag should not double its way to 65,536 connections against a
 * shared server (reaching the bound is reported, so nothing is hidden); {@link #MAX_TOKENS} is
 * EvalScope's 2048 for the CRD too, so that a resource and an {@code evalscope perf} command line
 * that leave it out send the same requests.
 */
public final class ProbeDefaults {

    /** {@code max_tokens} of each request (EvalScope's default). */
    public static final int MAX_TOKENS = 2048;
    /** Prompt length in tokens, for the shortest and (unless set) the longest prompt. */
    public static final int PROMPT_LENGTH = 1024;
    /** Tokens of a prefix shared by every prompt of a run. */
    public static final int PREFIX_LENGTH = 0;
    /** The prompt seed. */
    public static final long SEED = 42;
    /** Where prompts come from. */
    public static final String DATASET = "random";
    /** The request format. */
    public static final String API = "openai";
    /** Whether replies are streamed (TTFT, TPOT and ITL need it). */
    public static final boolean STREAM = true;
    /** The lowest pressure the search may try. */
    public static final int LOWER_BOUND = 1;
    /** The highest pressure the search may try (not EvalScope's 65536: see the class comment). */
    public static final int UPPER_BOUND = 512;
    /** The first pressure. */
    public static final int START = 1;
    /** Runs per pressure value. */
    public static final int NUM_RUNS = 3;
    /** Measured requests per run per unit of pressure, when neither a count nor a duration is set. */
    public static final int NUMBER_MULTIPLIER = 2;
    /** Unmeasured requests each load process sends before it measures. */
    public static final int WARMUP_REQUESTS = 4;
    /** The search strategy. */
    public static final String STRATEGY = "default";
    /** The default strategy's final bracket, as a fraction of the value. */
    public static final double TOLERANCE = 0.05;
    /** The most distinct values one search may measure. */
    public static final int MAX_PROBES = 40;
    /** The share of failed requests a passing value may have. */
    public static final int MAX_ERROR_RATE = 0;
    /** The pause between runs, in seconds. */
    public static final int COOLDOWN_SECONDS = 0;

    private ProbeDefaults() {}

    /**
     * One row of the table.
     *
     * @param setting what it is, for people
     * @param flag the {@code tune}/{@code perf} flag whose default this is, or null when the CLI has none
     * @param field the {@code SlaTuning} spec field, or null when the CRD has none
     * @param value the default, as written on a command line
     */
    public record Entry(String setting, String flag, String field, String value) {}

    /** Every default, in the order docs/cli.md lists them. */
    public static List<Entry> table() {
        return List.of(
                new Entry("request format", "--api", "target.api", API),
                new Entry("dataset", "--dataset", "workload.dataset", DATASET),
                new Entry(
                        "shortest prompt (tokens)",
                        "--min-prompt-length",
                        "workload.minPromptLength",
                        "" + PROMPT_LENGTH),
                new Entry("shared prefix (tokens)", "--prefix-length", "workload.prefixLength", "" + PREFIX_LENGTH),
                new Entry("max_tokens", "--max-tokens", "workload.maxTokens", "" + MAX_TOKENS),
                new Entry("stream", "--stream", "workload.stream", "" + STREAM),
                new Entry("prompt seed", null, "workload.seed", "" + SEED),
                new Entry("lower bound", "--sla-lower-bound", "lowerBound", "" + LOWER_BOUND),
                new Entry("upper bound", "--sla-upper-bound", "upperBound", "" + UPPER_BOUND),
                new Entry("start", null, "start", "" + START),
                new Entry("runs per value", "--sla-num-runs", "numRuns", "" + NUM_RUNS),
                new Entry(
                        "requests per run per unit of pressure",
                        "--sla-number-multiplier",
                        null,
                        "" + NUMBER_MULTIPLIER),
                new Entry("warm-up requests", null, "probe.warmupRequests", "" + WARMUP_REQUESTS),
                new Entry("strategy", "--strategy", "strategy", STRATEGY),
                new Entry("tolerance", "--tolerance", "tolerance", "" + TOLERANCE),
                new Entry("most values measured", "--max-probes", "maxProbes", "" + MAX_PROBES),
                new Entry("allowed error rate", "--max-error-rate", "maxErrorRate", "" + MAX_ERROR_RATE),
                new Entry("cool-down between runs (s)", "--cooldown", "probe.cooldownSeconds", "" + COOLDOWN_SECONDS));
    }
}
