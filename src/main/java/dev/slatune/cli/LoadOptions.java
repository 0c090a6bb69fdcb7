package dev.slatune.cli;

import dev.slatune.load.Api;
import dev.slatune.load.Arrival;
import dev.slatune.load.Dataset;
import dev.slatune.load.LoadException;
import dev.slatune.load.LoadSpec;
import dev.slatune.plan.ProbeDefaults;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * Every flag of {@code slatune load}, as a picocli mixin: {@code load} uses it directly, {@code tune}
 * reuses it (reading {@code --parallel}/{@code --rate} as its start value) and derives one spec per
 * probe with {@link LoadSpec#withParallel}/{@link LoadSpec#withRate}. {@link #toSpec()} validates and
 * throws a {@link LoadException} (exit 2) naming the flag at fault. Flag names follow
 * {@code evalscope perf}.
 */
public class LoadOptions {

    @Option(
            names = "--url",
            description = "Full endpoint URL, e.g. http://127.0.0.1:8000/v1/chat/completions "
                    + "(or .../v1/completions with --api openai-completions).")
    String url;

    @Option(
            names = "--api",
            defaultValue = ProbeDefaults.API,
            showDefaultValue = Visibility.ALWAYS,
            description = "Request format: openai (chat completions) or openai-completions.")
    String api;

    @Option(
            names = "--model",
            description = "Model name sent in each request; checked against the target's /v1/models.")
    String model;

    @Option(
            names = "--api-key",
            defaultValue = "${env:SLATUNE_API_KEY}",
            showDefaultValue = Visibility.NEVER,
            description = "Bearer token (default: env SLATUNE_API_KEY). Never printed or written anywhere.")
    String apiKey;

    @Option(
            names = "--headers",
            arity = "1..*",
            mapFallbackValue = "",
            description = "Extra request headers, k=v (repeatable).")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(
            names = "--connect-timeout",
            defaultValue = "10s",
            showDefaultValue = Visibility.ALWAYS,
            description = "TCP connect timeout (a number of seconds, or with a unit: 500ms, 10s, 2m).")
    String connectTimeout;

    @Option(
            names = "--read-timeout",
            defaultValue = "600s",
            showDefaultValue = Visibility.ALWAYS,
            description = "Longest silence while waiting for a reply before it fails as a timeout.")
    String readTimeout;

    @Option(
            names = "--parallel",
            arity = "1..*",
            description = "Closed loop: keep N requests in flight (default 1 "
                    + "when --rate is not given). perf takes a list (one run each, paired with --number).")
    List<Integer> parallel;

    @Option(
            names = "--rate",
            arity = "1..*",
            description = "Open loop: R arrivals per second, independent of "
                    + "completions; may be fractional (0.5). perf takes a list.")
    List<Double> rate;

    @Option(
            names = "--arrival",
            defaultValue = "poisson",
            showDefaultValue = Visibility.ALWAYS,
            description = "Open-loop arrival law: poisson (exponential gaps) or constant (evenly spaced).")
    Arrival arrival;

    @Option(
            names = "--max-concurrency",
            defaultValue = "0",
            description = "Open loop: at most N requests in flight; later arrivals wait and the wait counts in "
                    + "their latency (0: no cap).")
    int maxConcurrency;

    @Option(
            names = {"--number", "-n"},
            arity = "1..*",
            description =
                    "Measured requests (default 1000 unless "
                            + "--duration is given). With --duration too, the run stops at whichever comes first. perf takes a list.")
    List<Long> number;

    @Option(names = "--duration", description = "Measuring time, from the first measured send (e.g. 60, 60s, 2m).")
    String duration;

    @Option(
            names = "--warmup-num",
            defaultValue = "0",
            description = "Requests sent first and excluded from every "
                    + "number: a count (>= 1), or a share of --number below 1 (0.1: 10%, at least 1), as EvalScope.")
    String warmupNum;

    @Option(names = "--warmup-seconds", description = "Time spent sending unmeasured requests first.")
    String warmupSeconds;

    @Option(
            names = "--stream",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            showDefaultValue = Visibility.ALWAYS,
            description = "Stream replies as server-sent events, always with stream_options.include_usage "
                    + "(--no-stream: one JSON body, no TTFT).")
    boolean stream = true;

    @Option(
            names = "--max-tokens",
            arity = "1..2",
            defaultValue = "" + ProbeDefaults.MAX_TOKENS,
            showDefaultValue = Visibility.ALWAYS,
            description = "max_tokens per request: a number, or a range 'MIN MAX' (or MIN,MAX) drawn per request.")
    List<String> maxTokens;

    @Option(names = "--min-tokens", description = "min_tokens per request (vLLM, SGLang): forces long replies.")
    Integer minTokens;

    @Option(
            names = "--temperature",
            defaultValue = "0.0",
            showDefaultValue = Visibility.ALWAYS,
            description = "Sampling temperature sent in each request (EvalScope's default 0.0).")
    Double temperature;

    @Option(names = "--top-p", description = "top_p sent in each request.")
    Double topP;

    @Option(names = "--top-k", description = "top_k sent in each request.")
    Integer topK;

    @Option(names = "--frequency-penalty", description = "frequency_penalty sent in each request.")
    Double frequencyPenalty;

    @Option(names = "--repetition-penalty", description = "repetition_penalty sent in each request (vLLM, SGLang).")
    Double repetitionPenalty;

    @Option(names = "--stop", arity = "0..*", description = "stop sequences sent in each request.")
    List<String> stop;

    @Option(names = "--stop-token-ids", arity = "0..*", description = "stop_token_ids sent in each request (vLLM).")
    List<Integer> stopTokenIds;

    @Option(names = "--n-choices", description = "n (choices per request) sent in each request.")
    Integer nChoices;

    @Option(names = "--logprobs", description = "Sends logprobs: true in each request.")
    Boolean logprobs;

    @Option(
            names = "--prompt",
            description = "This prompt for every request instead of the dataset (@FILE reads it "
                    + "from a file), as EvalScope.")
    String prompt;

    @Option(
            names = "--query-template",
            description =
                    "A JSON request body (or @FILE) every request starts from; "
                            + "its messages/prompt are replaced by the request's, the flags' parameters set on top, as EvalScope.")
    String queryTemplate;

    @Option(names = "--extra-args", description = "A JSON object merged into every request body; its keys win.")
    String extraArgs;

    @Option(
            names = "--dataset",
            defaultValue = ProbeDefaults.DATASET,
            showDefaultValue = Visibility.ALWAYS,
            description = "Prompts: random (generated), openqa ({\"question\": ...} per line of --dataset-path, "
                    + "EvalScope's), line_by_line or custom (one per line) or jsonl ({\"prompt\": ...} or "
                    + "{\"messages\": [...]} per line).")
    String dataset;

    @Option(names = "--dataset-path", description = "The prompts file for line_by_line and jsonl.")
    Path datasetPath;

    @Option(
            names = "--min-prompt-length",
            defaultValue = "" + ProbeDefaults.PROMPT_LENGTH,
            showDefaultValue = Visibility.ALWAYS,
            description = "random: shortest prompt, in tokens (prefix not included).")
    int minPromptLength;

    @Option(
            names = "--max-prompt-length",
            defaultValue = "" + ProbeDefaults.PROMPT_LENGTH,
            showDefaultValue = Visibility.ALWAYS,
            description = "random: longest prompt, in tokens (prefix not included).")
    int maxPromptLength;

    @Option(
            names = "--prefix-length",
            defaultValue = "" + ProbeDefaults.PREFIX_LENGTH,
            showDefaultValue = Visibility.ALWAYS,
            description = "random: tokens of a prefix shared by all prompts of a run (fresh for each run).")
    int prefixLength;

    @Option(
            names = "--tokenizer-path",
            description = "Exact token counts: a tokenizer.json, a model directory, or a "
                    + "HuggingFace model id (downloaded once via HF_ENDPOINT, HF_TOKEN, and cached). Without it: 4 bytes "
                    + "of text per token.")
    String tokenizerPath;

    @Option(
            names = "--server-metrics",
            paramLabel = "URL",
            description = "The target's Prometheus metrics "
                    + "(vLLM, SGLang, TGI, llama.cpp), scraped before, during and after each probe to report the server's "
                    + "queue, running batch, KV cache and preemptions. Default: the target's origin + /metrics when it "
                    + "answers; none turns it off.")
    String serverMetrics;

    @Option(
            names = "--seed",
            description = "Makes prompts, max-tokens draws and Poisson arrivals reproducible " + "(default "
                    + DEFAULT_SEED + "); when given, it is also sent as the request's seed, as EvalScope does.")
    Long seed;

    @Option(
            names = "--run",
            defaultValue = "0",
            showDefaultValue = Visibility.ALWAYS,
            description = "Run index: each run starts at fresh prompts, so repeated runs miss the prefix cache.")
    int run;

    /** Measured requests when neither {@code --number} nor {@code --duration} is given (EvalScope's default). */
    public static final long DEFAULT_NUMBER = 1000;
    /** The client's seed when {@code --seed} is not given. */
    public static final long DEFAULT_SEED = ProbeDefaults.SEED;

    /**
     * One pressure point: what a command sets per run instead of the single-valued flags.
     *
     * @param parallel closed-loop concurrency, or null
     * @param rate open-loop arrivals per second, or null
     * @param number measured requests, or null for the flags' default
     * @param maxConcurrency open loop: the cap on requests in flight (0: none), or null for --max-concurrency
     */
    public record Point(Integer parallel, Double rate, Long number, Integer maxConcurrency) {}

    /**
     * Values a command puts in place of flags the user did not give (the built-in simulator's URL and a
     * quick workload), so that nothing has to be written into the options.
     *
     * @param url the endpoint, or null for --url
     * @param model the model, or null for --model
     * @param maxTokens max_tokens, or null for --max-tokens
     * @param promptLength both prompt lengths, or null for the flags
     */
    public record Overrides(String url, String model, String maxTokens, Integer promptLength) {
        /** Nothing overridden. */
        public static final Overrides NONE = new Overrides(null, null, null, null);
    }

    /** "rate" when {@code --rate} was given, else "parallel". */
    public String variable() {
        return rate != null ? "rate" : "parallel";
    }

    /** The start pressure: the first {@code --rate} or {@code --parallel} value (1 when neither is given). */
    public double startValue() {
        return rate != null ? rate.get(0) : parallel == null ? 1 : parallel.get(0);
    }

    /** The validated specification; throws {@link LoadException} (exit 2) naming the flag at fault. */
    public LoadSpec toSpec() {
        single("--parallel", parallel);
        single("--rate", rate);
        single("--number", number);
        return toSpec(
                new Point(
                        parallel == null ? null : parallel.get(0),
                        rate == null ? null : rate.get(0),
                        number == null ? null : number.get(0),
                        null),
                Overrides.NONE);
    }

    private static void single(String flag, List<?> values) {
        if (values != null && values.size() > 1) {
            throw LoadException.badConfig(
                    flag,
                    "takes one value here, got " + values.size() + " " + values
                            + "; a sweep of several points is 'slatune perf'");
        }
    }

    /** The client seed: {@code --seed} or {@link #DEFAULT_SEED}. */
    long clientSeed() {
        return seed == null ? DEFAULT_SEED : seed;
    }

    /** The measured warm-up requests of a run of {@code n} measured requests (a ratio below 1 is a share of n). */
    long warmupFor(long n) {
        double w;
        try {
            w = Double.parseDouble(warmupNum.trim());
        } catch (NumberFormatException e) {
            throw LoadException.badConfig(
                    "--warmup-num", "expected a count (10) or a share of --number (0.1), got '" + warmupNum + "'");
        }
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw LoadException.badConfig("--warmup-num", "must be >= 0, got '" + warmupNum + "'");
        }
        if (w == 0) {
            return 0;
        }
        // EvalScope: >= 1 is a count (int() truncates), 0 < w < 1 a share of number: max(1, int(w * number)).
        return w >= 1 ? (long) w : Math.max(1, (long) (w * n));
    }

    /** The spec of one point, with {@code o} in place of flags not given; nothing is written into the options. */
    public LoadSpec toSpec(Point point, Overrides o) {
        String url = o.url() != null ? o.url() : this.url;
        String model = o.model() != null ? o.model() : this.model;
        Integer parallel = point.parallel();
        Double rate = point.rate();
        int maxConcurrency = point.maxConcurrency() != null ? point.maxConcurrency() : this.maxConcurrency;
        if (url == null || url.isBlank()) {
            throw LoadException.badConfig("--url", "is required, e.g. --url http://127.0.0.1:8000/v1/chat/completions");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw LoadException.badConfig("--url", "not a URL: " + e.getMessage());
        }
        if (parallel != null && rate != null) {
            throw LoadException.badConfig("--parallel", "give --parallel or --rate, not both");
        }
        if (parallel != null && parallel < 1) {
            throw LoadException.badConfig("--parallel", "must be >= 1, got " + parallel);
        }
        if (rate != null && !(rate > 0)) {
            throw LoadException.badConfig("--rate", "must be > 0, got " + rate);
        }
        if (maxConcurrency > 0 && rate == null) {
            throw LoadException.badConfig("--max-concurrency", "only applies with --rate");
        }
        var target = new LoadSpec.Target(
                uri,
                Api.ofFlag(api),
                model,
                emptyToNull(apiKey),
                headers,
                duration("--connect-timeout", connectTimeout),
                duration("--read-timeout", readTimeout));
        var pressure = new LoadSpec.Pressure(
                rate != null ? 0 : parallel == null ? 1 : parallel, rate == null ? 0 : rate, arrival, maxConcurrency);
        Duration d = duration == null ? null : duration("--duration", duration);
        Long number = point.number();
        long n = number != null ? number : d == null ? DEFAULT_NUMBER : 0;
        if (number != null && number < 1) {
            throw LoadException.badConfig("--number", "must be >= 1, got " + number);
        }
        var size = new LoadSpec.Size(
                n, d, warmupFor(n), warmupSeconds == null ? null : durationOrZero("--warmup-seconds", warmupSeconds));
        int[] mt = o.maxTokens() != null ? maxTokens(List.of(o.maxTokens())) : maxTokens(maxTokens);
        var sampling = new LoadSpec.Sampling(
                stop,
                stopTokenIds,
                topP,
                topK,
                frequencyPenalty,
                repetitionPenalty,
                seed,
                nChoices,
                logprobs,
                queryTemplate);
        var body = new LoadSpec.Body(stream, mt[0], mt[1], minTokens, temperature, extraArgs, sampling);
        int minLen = o.promptLength() != null ? o.promptLength() : minPromptLength;
        int maxLen = o.promptLength() != null ? o.promptLength() : maxPromptLength;
        var prompts = new LoadSpec.Prompts(
                Dataset.ofFlag(dataset),
                datasetPath,
                minLen,
                maxLen,
                prefixLength,
                emptyToNull(tokenizerPath),
                prompt == null ? null : promptText(prompt));
        return new LoadSpec(target, pressure, size, body, prompts, clientSeed(), run);
    }

    /** {@code --prompt}: the text, or the contents of the file after {@code @} (as EvalScope's load_prompt). */
    static String promptText(String value) {
        if (!value.startsWith("@")) {
            return value;
        }
        try {
            return java.nio.file.Files.readString(Path.of(value.substring(1)));
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw LoadException.badConfig("--prompt", "cannot read " + value.substring(1) + ": " + e.getMessage(), e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static int[] maxTokens(List<String> values) {
        String text = String.join(",", values);
        try {
            String[] parts = text.split(",", -1);
            if (parts.length == 1) {
                int v = Integer.parseInt(parts[0].trim());
                return new int[] {v, v};
            }
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw LoadException.badConfig(
                "--max-tokens",
                "expected a number, or two: MIN MAX (or MIN,MAX), got '" + String.join(" ", values) + "'");
    }

    /** Parses a positive time: a bare number is seconds; units ms, s, m, h. */
    static Duration duration(String flag, String text) {
        Duration d = durationOrZero(flag, text);
        if (d.isZero()) {
            throw LoadException.badConfig(flag, "must be > 0, got '" + text + "'");
        }
        return d;
    }

    static Duration durationOrZero(String flag, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double factor = 1e9;
        String num = t;
        if (t.endsWith("ms")) {
            factor = 1e6;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            num = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factor = 60e9;
            num = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            factor = 3600e9;
            num = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(num.trim());
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(Math.round(v * factor));
        } catch (NumberFormatException e) {
            throw LoadException.badConfig(flag, "expected a time such as 30, 30s, 500ms or 2m, got '" + text + "'");
        }
    }
}
