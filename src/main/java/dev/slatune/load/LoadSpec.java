package dev.slatune.load;

import dev.slatune.metrics.GoodputSlo;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one pressure point needs, immutable and validated on construction: a spec that exists
 * is one that can be run. Derive the next probe's spec with {@link #withParallel}, {@link #withRate},
 * {@link #withNumber}, {@link #withDuration} or {@link #withRun}. Validation errors name the
 * command-line flag at fault.
 *
 * @param target where to send and how to connect
 * @param pressure closed loop (parallel) or open loop (rate)
 * @param size how many requests, or how long, and the warm-up excluded from the numbers
 * @param body what each request asks for
 * @param prompts where prompts come from
 * @param seed makes prompts, lengths and Poisson arrivals reproducible
 * @param run the run index: prompt sources start at a different offset per run so that repeated
 *     runs at one pressure do not hit the server's prefix cache
 * @param goodput the per-request SLO sets whose met requests are counted ({@code --goodput}); empty for none
 */
public record LoadSpec(
        Target target,
        Pressure pressure,
        Size size,
        Body body,
        Prompts prompts,
        long seed,
        int run,
        List<GoodputSlo> goodput) {

    public LoadSpec {
        require(
                target != null && pressure != null && size != null && body != null && prompts != null,
                "--url",
                "incomplete load specification");
        require(run >= 0, "--run", "must be >= 0");
        goodput = goodput == null ? List.of() : List.copyOf(goodput);
    }

    /** A spec that counts no goodput. */
    public LoadSpec(Target target, Pressure pressure, Size size, Body body, Prompts prompts, long seed, int run) {
        this(target, pressure, size, body, prompts, seed, run, List.of());
    }

    /** The same spec counting the requests that meet each of {@code sets} ({@code --goodput}). */
    public LoadSpec withGoodput(List<GoodputSlo> sets) {
        return new LoadSpec(target, pressure, size, body, prompts, seed, run, sets);
    }

    /** "parallel" or "rate": the variable a {@code ProbeResult} reports. */
    public String variable() {
        return pressure.isOpenLoop() ? "rate" : "parallel";
    }

    /** The pressure value: concurrency, or arrivals per second. */
    public double value() {
        return pressure.isOpenLoop() ? pressure.rate() : pressure.parallel();
    }

    /** The same spec in closed loop at {@code n} concurrent requests. */
    public LoadSpec withParallel(int n) {
        return new LoadSpec(
                target,
                new Pressure(n, 0, pressure.arrival(), pressure.maxConcurrency()),
                size,
                body,
                prompts,
                seed,
                run,
                goodput);
    }

    /** The same spec in open loop at {@code r} arrivals per second (the arrival law and cap kept). */
    public LoadSpec withRate(double r) {
        return new LoadSpec(
                target,
                new Pressure(0, r, pressure.arrival(), pressure.maxConcurrency()),
                size,
                body,
                prompts,
                seed,
                run,
                goodput);
    }

    /** The same spec measuring {@code n} requests (and no duration limit). */
    public LoadSpec withNumber(long n) {
        return new LoadSpec(
                target,
                pressure,
                new Size(n, null, size.warmupNum(), size.warmupDuration()),
                body,
                prompts,
                seed,
                run,
                goodput);
    }

    /** The same spec measuring for {@code d} (and no request-count limit). */
    public LoadSpec withDuration(Duration d) {
        return new LoadSpec(
                target,
                pressure,
                new Size(0, d, size.warmupNum(), size.warmupDuration()),
                body,
                prompts,
                seed,
                run,
                goodput);
    }

    /** The same spec with another warm-up. */
    public LoadSpec withWarmup(long warmupNum, Duration warmupDuration) {
        return new LoadSpec(
                target,
                pressure,
                new Size(size.number(), size.duration(), warmupNum, warmupDuration),
                body,
                prompts,
                seed,
                run,
                goodput);
    }

    /** The same spec as run number {@code r}: fresh prompts, fresh arrivals. */
    public LoadSpec withRun(int r) {
        return new LoadSpec(target, pressure, size, body, prompts, seed, r, goodput);
    }

    static void require(boolean ok, String flag, String message) {
        if (!ok) {
            throw LoadException.badConfig(flag, message);
        }
    }

    /**
     * The endpoint.
     *
     * @param url the full endpoint URL, e.g. {@code http://host:8000/v1/chat/completions}
     * @param api the request format
     * @param model the model name sent in each body
     * @param apiKey sent as a bearer token; null for none; never printed
     * @param headers extra request headers
     * @param connectTimeout TCP connect timeout
     * @param readTimeout longest silence on a connection before the request fails as a timeout
     */
    public record Target(
            URI url,
            Api api,
            String model,
            String apiKey,
            Map<String, String> headers,
            Duration connectTimeout,
            Duration readTimeout) {

        public Target {
            require(url != null, "--url", "is required");
            require(
                    url.getScheme() != null
                            && (url.getScheme().equals("http")
                                    || url.getScheme().equals("https")),
                    "--url",
                    "must be an http:// or https:// URL, got '" + url + "'");
            require(url.getHost() != null, "--url", "has no host: '" + url + "'");
            require(api != null, "--api", "is required");
            require(model != null && !model.isBlank(), "--model", "is required");
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            require(
                    connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
                    "--connect-timeout",
                    "must be > 0");
            require(
                    readTimeout != null && !readTimeout.isNegative() && !readTimeout.isZero(),
                    "--read-timeout",
                    "must be > 0");
        }

        /** Keeps the API key out of logs. */
        @Override
        public String toString() {
            return "Target[url=" + url + ", api=" + api + ", model=" + model + ", apiKey="
                    + (apiKey == null ? "none" : "***") + ", headers=" + headers.keySet() + ", connectTimeout="
                    + connectTimeout + ", readTimeout=" + readTimeout + "]";
        }
    }

    /**
     * The pressure: exactly one of {@code parallel} (closed loop) and {@code rate} (open loop) is set.
     *
     * @param parallel requests kept in flight; 0 in open loop
     * @param rate arrivals per second, may be fractional; 0 in closed loop
     * @param arrival how arrivals are spaced in open loop
     * @param maxConcurrency open loop: the most requests in flight at once, arrivals beyond it wait
     *     (and the wait counts in their latency); 0 for no cap
     */
    public record Pressure(int parallel, double rate, Arrival arrival, int maxConcurrency) {

        public Pressure {
            require(!(parallel > 0 && rate > 0), "--parallel", "give --parallel or --rate, not both");
            require(parallel >= 0, "--parallel", "must be >= 1, got " + parallel);
            require(rate >= 0 && Double.isFinite(rate), "--rate", "must be a positive number, got " + rate);
            require(parallel > 0 || rate > 0, "--parallel", "give --parallel N (closed loop) or --rate R (open loop)");
            require(maxConcurrency >= 0, "--max-concurrency", "must be >= 0 (0: no cap)");
            arrival = arrival == null ? Arrival.POISSON : arrival;
        }

        /** Whether arrivals are independent of completions. */
        public boolean isOpenLoop() {
            return rate > 0;
        }
    }

    /**
     * How much to send. At least one of {@code number} and {@code duration} is set; the run stops at
     * whichever comes first. Warm-up requests come before and are excluded from every number.
     *
     * @param number measured requests; 0 for no limit
     * @param duration measuring time, counted from the first measured send; null for no limit
     * @param warmupNum requests sent first and not measured
     * @param warmupDuration time spent sending unmeasured requests first; null for none
     */
    public record Size(long number, Duration duration, long warmupNum, Duration warmupDuration) {

        public Size {
            require(number >= 0, "--number", "must be >= 1, got " + number);
            require(duration == null || !duration.isNegative() && !duration.isZero(), "--duration", "must be > 0");
            require(number > 0 || duration != null, "--number", "give --number N or --duration S");
            require(warmupNum >= 0, "--warmup-num", "must be >= 0");
            require(warmupDuration == null || !warmupDuration.isNegative(), "--warmup-seconds", "must be >= 0");
            require(
                    !(warmupNum > 0 && warmupDuration != null && !warmupDuration.isZero()),
                    "--warmup-num",
                    "give --warmup-num or --warmup-seconds, not both");
            if (warmupDuration != null && warmupDuration.isZero()) {
                warmupDuration = null;
            }
        }
    }

    /**
     * What each request asks for.
     *
     * @param stream stream the reply as server-sent events (always with {@code stream_options.include_usage})
     * @param maxTokensMin {@code max_tokens}, or the low end of a range drawn per request
     * @param maxTokensMax the high end of the range (equal to min for a fixed value)
     * @param minTokens {@code min_tokens} (vLLM, SGLang) when set, else null
     * @param temperature {@code temperature} when set, else null
     * @param extraArgs a JSON object merged into every body (its keys win), or null
     * @param sampling the other request parameters of {@code evalscope perf} ({@code stop}, {@code top_p}, ...)
     */
    public record Body(
            boolean stream,
            int maxTokensMin,
            int maxTokensMax,
            Integer minTokens,
            Double temperature,
            String extraArgs,
            Sampling sampling) {

        /** A body without the further sampling parameters. */
        public Body(
                boolean stream,
                int maxTokensMin,
                int maxTokensMax,
                Integer minTokens,
                Double temperature,
                String extraArgs) {
            this(stream, maxTokensMin, maxTokensMax, minTokens, temperature, extraArgs, Sampling.NONE);
        }

        public Body {
            sampling = sampling == null ? Sampling.NONE : sampling;
            require(
                    maxTokensMin >= 1 && maxTokensMax >= maxTokensMin,
                    "--max-tokens",
                    "must be a number >= 1 or a range min,max with min <= max");
            require(
                    minTokens == null || minTokens >= 0 && minTokens <= maxTokensMax,
                    "--min-tokens",
                    "must be between 0 and --max-tokens");
            require(temperature == null || temperature >= 0, "--temperature", "must be >= 0");
            if (extraArgs != null) {
                RequestBodies.parseExtraArgs(extraArgs);
            }
        }
    }

    /**
     * Request parameters {@code evalscope perf} passes into the body as they are; each is sent only when set,
     * under EvalScope's key names, before {@code --extra-args} (whose keys win).
     *
     * @param stop {@code stop} sequences, or null
     * @param stopTokenIds {@code stop_token_ids} (vLLM), or null
     * @param topP {@code top_p}, or null
     * @param topK {@code top_k}, or null
     * @param frequencyPenalty {@code frequency_penalty}, or null
     * @param repetitionPenalty {@code repetition_penalty}, or null
     * @param seed {@code seed} sent to the server, or null (the client's own seed is {@link LoadSpec#seed()})
     * @param n {@code n} choices per request, or null
     * @param logprobs {@code logprobs}, or null
     * @param queryTemplate a JSON object used as the base of every body ({@code messages} or {@code prompt}
     *     replaced by the request's own), or null
     */
    public record Sampling(
            java.util.List<String> stop,
            java.util.List<Integer> stopTokenIds,
            Double topP,
            Integer topK,
            Double frequencyPenalty,
            Double repetitionPenalty,
            Long seed,
            Integer n,
            Boolean logprobs,
            String queryTemplate) {

        /** No further parameters. */
        public static final Sampling NONE = new Sampling(null, null, null, null, null, null, null, null, null, null);

        public Sampling {
            stop = stop == null ? null : java.util.List.copyOf(stop);
            stopTokenIds = stopTokenIds == null ? null : java.util.List.copyOf(stopTokenIds);
            require(topP == null || topP > 0 && topP <= 1, "--top-p", "must be in (0, 1], got " + topP);
            require(topK == null || topK >= -1 && topK != 0, "--top-k", "must be >= 1 (or -1 for all), got " + topK);
            require(n == null || n >= 1, "--n-choices", "must be >= 1, got " + n);
            if (queryTemplate != null) {
                RequestBodies.parseQueryTemplate(queryTemplate);
            }
        }
    }

    /**
     * Where prompts come from.
     *
     * @param dataset random, line_by_line or jsonl
     * @param datasetPath the file for line_by_line and jsonl
     * @param minPromptLength random: shortest prompt, tokens (prefix not included)
     * @param maxPromptLength random: longest prompt, tokens (prefix not included)
     * @param prefixLength random: tokens of a prefix shared by every prompt of a run
     * @param tokenizerPath a tokenizer.json, a model directory, or a HuggingFace model id; null for
     *     the approximation
     * @param fixedPrompt {@code --prompt}: this text for every request instead of the dataset, or null
     */
    public record Prompts(
            Dataset dataset,
            Path datasetPath,
            int minPromptLength,
            int maxPromptLength,
            int prefixLength,
            String tokenizerPath,
            String fixedPrompt) {

        /** Prompts from the dataset. */
        public Prompts(
                Dataset dataset,
                Path datasetPath,
                int minPromptLength,
                int maxPromptLength,
                int prefixLength,
                String tokenizerPath) {
            this(dataset, datasetPath, minPromptLength, maxPromptLength, prefixLength, tokenizerPath, null);
        }

        public Prompts {
            require(fixedPrompt == null || !fixedPrompt.isEmpty(), "--prompt", "is empty");
            require(dataset != null, "--dataset", "is required");
            require(
                    dataset == Dataset.RANDOM || fixedPrompt != null || datasetPath != null,
                    "--dataset-path",
                    "is required with --dataset " + dataset
                            + (dataset == Dataset.OPENQA
                                    ? " (EvalScope downloads "
                                            + "HC3-Chinese open_qa.jsonl from ModelScope when it is missing; slatune downloads no data: "
                                            + "fetch the file and pass it, or use --dataset random)"
                                    : ""));
            require(minPromptLength >= 1, "--min-prompt-length", "must be >= 1");
            require(maxPromptLength >= minPromptLength, "--max-prompt-length", "must be >= --min-prompt-length");
            require(prefixLength >= 0, "--prefix-length", "must be >= 0");
        }
    }
}
