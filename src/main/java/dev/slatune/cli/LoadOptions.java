package dev.slatune.cli;

import dev.slatune.load.Api;
import dev.slatune.load.Arrival;
import dev.slatune.load.Dataset;
import dev.slatune.load.LoadException;
import dev.slatune.load.LoadSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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

    @Option(names = "--url", description = "Full endpoint URL, e.g. http://127.0.0.1:8000/v1/chat/completions "
            + "(or .../v1/completions with --api openai-completions).")
    String url;

    @Option(names = "--api", defaultValue = "openai", showDefaultValue = Visibility.ALWAYS,
            description = "Request format: openai (chat completions) or openai-completions.")
    String api;

    @Option(names = "--model", description = "Model name sent in each request; checked against the target's /v1/models.")
    String model;

    @Option(names = "--api-key", defaultValue = "${env:SLATUNE_API_KEY}", showDefaultValue = Visibility.NEVER,
            description = "Bearer token (default: env SLATUNE_API_KEY). Never printed or written anywhere.")
    String apiKey;

    @Option(names = "--headers", arity = "1..*", mapFallbackValue = "",
            description = "Extra request headers, k=v (repeatable).")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--connect-timeout", defaultValue = "10s", showDefaultValue = Visibility.ALWAYS,
            description = "TCP connect timeout (a number of seconds, or with a unit: 500ms, 10s, 2m).")
    String connectTimeout;

    @Option(names = "--read-timeout", defaultValue = "600s", showDefaultValue = Visibility.ALWAYS,
            description = "Longest silence while waiting for a reply before it fails as a timeout.")
    String readTimeout;

    @Option(names = "--parallel", description = "Closed loop: keep N requests in flight (default 1 when --rate is not given).")
    Integer parallel;

    @Option(names = "--rate", description = "Open loop: R arrivals per second, independent of completions; may be fractional (0.5).")
    Double rate;

    @Option(names = "--arrival", defaultValue = "poisson", showDefaultValue = Visibility.ALWAYS,
            description = "Open-loop arrival law: poisson (exponential gaps) or constant (evenly spaced).")
    Arrival arrival;

    @Option(names = "--max-concurrency", defaultValue = "0",
            description = "Open loop: at most N requests in flight; later arrivals wait and the wait counts in "
                    + "their latency (0: no cap).")
    int maxConcurrency;

    @Option(names = {"--number", "-n"}, description = "Measured requests (default 1000 unless --duration is given). "
            + "With --duration too, the run stops at whichever comes first.")
    Long number;

    @Option(names = "--duration", description = "Measuring time, from the first measured send (e.g. 60, 60s, 2m).")
    String duration;

    @Option(names = "--warmup-num", defaultValue = "0",
            description = "Requests sent first and excluded from every number.")
    long warmupNum;

    @Option(names = "--warmup-seconds", description = "Time spent sending unmeasured requests first.")
    String warmupSeconds;

    @Option(names = "--stream", negatable = true, defaultValue = "true", fallbackValue = "true",
            showDefaultValue = Visibility.ALWAYS,
            description = "Stream replies as server-sent events, always with stream_options.include_usage "
                    + "(--no-stream: one JSON body, no TTFT).")
    boolean stream = true;

    @Option(names = "--max-tokens", defaultValue = "2048", showDefaultValue = Visibility.ALWAYS,
            description = "max_tokens per request: a number, or a range min,max drawn per request.")
    String maxTokens;

    @Option(names = "--min-tokens", description = "min_tokens per request (vLLM, SGLang): forces long replies.")
    Integer minTokens;

    @Option(names = "--temperature", description = "Sampling temperature sent in each request.")
    Double temperature;

    @Option(names = "--extra-args", description = "A JSON object merged into every request body; its keys win.")
    String extraArgs;

    @Option(names = "--dataset", defaultValue = "random", showDefaultValue = Visibility.ALWAYS,
            description = "Prompts: random (generated), line_by_line (one per line of --dataset-path) or jsonl "
                    + "({\"prompt\": ...} or {\"messages\": [...]} per line).")
    String dataset;

    @Option(names = "--dataset-path", description = "The prompts file for line_by_line and jsonl.")
    Path datasetPath;

    @Option(names = "--min-prompt-length", defaultValue = "1024", showDefaultValue = Visibility.ALWAYS,
            description = "random: shortest prompt, in tokens (prefix not included).")
    int minPromptLength;

    @Option(names = "--max-prompt-length", defaultValue = "1024", showDefaultValue = Visibility.ALWAYS,
            description = "random: longest prompt, in tokens (prefix not included).")
    int maxPromptLength;

    @Option(names = "--prefix-length", defaultValue = "0", showDefaultValue = Visibility.ALWAYS,
            description = "random: tokens of a prefix shared by all prompts of a run (fresh for each run).")
    int prefixLength;

    @Option(names = "--tokenizer-path", description = "Exact token counts: a tokenizer.json, a model directory, or a "
            + "HuggingFace model id (downloaded once via HF_ENDPOINT, HF_TOKEN, and cached). Without it: 4 bytes "
            + "of text per token.")
    String tokenizerPath;

    @Option(names = "--server-metrics", paramLabel = "URL", description = "The target's Prometheus metrics "
            + "(vLLM, SGLang, TGI, llama.cpp), scraped before, during and after each probe to report the server's "
            + "queue, running batch, KV cache and preemptions. Default: the target's origin + /metrics when it "
            + "answers; none turns it off.")
    String serverMetrics;

    @Option(names = "--seed", defaultValue = "42", showDefaultValue = Visibility.ALWAYS,
            description = "Makes prompts, max-tokens draws and Poisson arrivals reproducible.")
    long seed;

    @Option(names = "--run", defaultValue = "0", showDefaultValue = Visibility.ALWAYS,
            description = "Run index: each run starts at fresh prompts, so repeated runs miss the prefix cache.")
    int run;

    /** Measured requests when neither {@code --number} nor {@code --duration} is given (EvalScope's default). */
    public static final long DEFAULT_NUMBER = 1000;

    /** "rate" when {@code --rate} was given, else "parallel". */
    public String variable() {
        return rate != null ? "rate" : "parallel";
    }

    /** The start pressure: {@code --rate} or {@code --parallel} (1 when neither is given). */
    public double startValue() {
        return rate != null ? rate : parallel == null ? 1 : parallel;
    }

    /** The validated specification; throws {@link LoadException} (exit 2) naming the flag at fault. */
    public LoadSpec toSpec() {
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
        var target = new LoadSpec.Target(uri, Api.ofFlag(api), model, emptyToNull(apiKey), headers,
                duration("--connect-timeout", connectTimeout), duration("--read-timeout", readTimeout));
        var pressure = new LoadSpec.Pressure(rate != null ? 0 : parallel == null ? 1 : parallel,
                rate == null ? 0 : rate, arrival, maxConcurrency);
        Duration d = duration == null ? null : duration("--duration", duration);
        long n = number != null ? number : d == null ? DEFAULT_NUMBER : 0;
        if (number != null && number < 1) {
            throw LoadException.badConfig("--number", "must be >= 1, got " + number);
        }
        var size = new LoadSpec.Size(n, d, warmupNum,
                warmupSeconds == null ? null : durationOrZero("--warmup-seconds", warmupSeconds));
        int[] mt = maxTokens(maxTokens);
        var body = new LoadSpec.Body(stream, mt[0], mt[1], minTokens, temperature, extraArgs);
        var prompts = new LoadSpec.Prompts(Dataset.ofFlag(dataset), datasetPath, minPromptLength, maxPromptLength,
                prefixLength, emptyToNull(tokenizerPath));
        return new LoadSpec(target, pressure, size, body, prompts, seed, run);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static int[] maxTokens(String text) {
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
        throw LoadException.badConfig("--max-tokens", "expected a number or min,max, got '" + text + "'");
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
