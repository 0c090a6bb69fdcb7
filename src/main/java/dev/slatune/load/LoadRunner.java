package dev.slatune.load;

import dev.slatune.metrics.ProbeResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs pressure points in-process, one at a time: {@link #run} blocks until the point is measured
 * and returns its {@link ProbeResult}. Reusable across many probes: it keeps one Vert.x instance,
 * one HTTP client (re-created only when a probe needs a larger pool), loaded tokenizers and the
 * targets already checked. {@link #cancel} (from another thread, e.g. on Ctrl-C) makes the current
 * {@code run} return what was measured so far. Close it at the end.
 *
 * <p>Errors are {@link LoadException}s carrying the exit code: bad configuration (2) and target
 * unreachable (3), the latter found by asking {@code /v1/models} before any load.
 */
public final class LoadRunner implements AutoCloseable {

    /** Open loop without a concurrency cap: connections may grow to this many. */
    static final int UNCAPPED_POOL = 4096;
    /** How often the progress listener hears from a run. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Clock clock;
    private final TokenizerResolver resolver;
    private final Context[] contexts;
    private final Map<String, TokenCounter> tokenizers = new HashMap<>();
    private final Set<String> checked = new HashSet<>();
    private final Map<String, ServerMetricsScraper> scrapers = new HashMap<>();
    private final Map<String, String> scraperNotes = new HashMap<>();
    private String serverMetrics;
    private ClientLanes clients;
    private volatile ProbeRun current;
    /** Per run: set by {@link #cancel}, reset by each {@link #run} (the start gate cuts a warm-up with it). */
    private volatile boolean cancelled;
    /** Process-wide: set by {@link #shutDown} (the SIGTERM hook), never reset, so a signal before a run holds. */
    private volatile boolean shuttingDown;

    /** A runner with its own Vert.x (one event loop per CPU), the system clock and the environment's hub settings. */
    public LoadRunner() {
        // A busy machine can stall an event loop for a moment: do not flood the console with warnings.
        this(
                Vertx.vertx(new VertxOptions()
                        .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors())
                        .setPreferNativeTransport(true)
                        .setMaxEventLoopExecuteTime(10)
                        .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS)),
                true,
                Clock.systemUTC(),
                TokenizerResolver.fromEnvironment(System.getenv()));
    }

    /**
     * A runner on a given Vert.x (not closed by {@link #close} when {@code ownsVertx} is false).
     *
     * @param clock anchors results' wall-clock start times
     * @param resolver finds tokenizers named by {@code --tokenizer-path}
     */
    public LoadRunner(Vertx vertx, boolean ownsVertx, Clock clock, TokenizerResolver resolver) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.clock = clock;
        this.resolver = resolver;
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.contexts = new Context[loops];
        for (int i = 0; i < loops; i++) {
            contexts[i] = newEventLoopContext(vertx);
        }
    }

    /**
     * A fresh event-loop context on the next event loop. Vert.x gives a non-Vert.x thread one sticky
     * context, so each context is made on a short-lived thread of its own.
     */
    private static Context newEventLoopContext(Vertx vertx) {
        Context[] made = new Context[1];
        Thread t = new Thread(() -> made[0] = vertx.getOrCreateContext(), "slatune-context");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating event-loop contexts", e);
        }
        return made[0];
    }

    /**
     * Measures one pressure point.
     *
     * @param listener hears progress about once a second
     * @return the measurement; partial when {@link #cancel} was called
     * @throws LoadException with exit code 2 (bad configuration) or 3 (target unreachable)
     */
    public ProbeResult run(LoadSpec spec, ProgressListener listener) {
        Objects.requireNonNull(spec, "spec");
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        cancelled = shuttingDown;
        TokenCounter counter = tokenizer(spec.prompts().tokenizerPath());
        PromptSource prompts = promptSource(spec, counter);
        RequestBodies bodies = new RequestBodies(spec);
        String checkKey = spec.target().url() + " " + spec.target().model();
        if (!checked.contains(checkKey)) {
            TargetCheck.check(vertx, spec.target());
            checked.add(checkKey);
        }
        ClientLanes http = clients(spec);
        ProbeRun run = new ProbeRun(spec, new RequestSender(http, spec, counter), prompts, bodies, contexts, clock);
        run.onMeasured(progress::onMeasured);
        current = run;
        // shutDown() sets its flag before it reads 'current': either it saw this run, or this read sees the flag.
        if (cancelled || shuttingDown) {
            cancelled = true;
            run.cancel();
        }
        ServerMetricsScraper scraper = scraper(spec);
        ServerMetricsScraper.Session watch = scraper == null ? null : scraper.begin();
        long timer = vertx.setPeriodic(PROGRESS_EVERY.toMillis(), id -> progress.onProgress(run.progress()));
        try {
            var future = run.start();
            while (true) {
                try {
                    ProbeResult r = future.get(100, TimeUnit.MILLISECONDS);
                    progress.onProgress(run.progress());
                    return watch == null || r == null ? r : r.withServer(watch.end());
                } catch (TimeoutException e) {
                    if (cancelled || shuttingDown) {
                        run.cancel();
                    }
                } catch (InterruptedException e) {
                    run.cancel();
                    Thread.currentThread().interrupt();
                    cancelled = true;
                    return future.getNow(null);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("load run failed", e.getCause());
                }
            }
        } finally {
            vertx.cancelTimer(timer);
            if (watch != null) {
                watch.cancel();
            }
            current = null;
            if (cancelled) {
                // Requests still in flight belong to a cancelled run: reset their connections.
                closeClient();
            }
        }
    }

    /** Makes the current (or next) {@link #run} stop sending and return what it measured. Thread-safe. */
    public void cancel() {
        cancelled = true;
        ProbeRun r = current;
        if (r != null) {
            r.cancel();
        }
    }

    /**
     * For the process's shutdown hook (SIGTERM, Ctrl-C): cancels the current run and every later one.
     * Unlike {@link #cancel}, which holds for one run only, this is never reset: a signal that comes
     * before a run (during the target check, a warm-up or the wait for {@code --start-at}) is not lost.
     * Thread-safe.
     */
    public void shutDown() {
        shuttingDown = true;
        cancel();
    }

    /** Whether {@link #shutDown} was called: the process is stopping, so nothing more should be measured. */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Whether {@link #cancel} (or {@link #shutDown}) was called during the last run. */
    public boolean wasCancelled() {
        return cancelled || shuttingDown;
    }

    /**
     * Where server-side metrics come from: null (the default) tries the target's origin plus
     * {@code /metrics}; "none" turns scraping off; anything else is the metrics URL.
     */
    public void serverMetrics(String option) {
        this.serverMetrics = option == null || option.isBlank() ? null : option.strip();
    }

    /** What the server-metrics scraping for {@code spec}'s target will do, in words (checks the endpoint once). */
    public String serverMetricsDescription(LoadSpec spec) {
        scraper(spec);
        return scraperNotes.get(scraperKey(spec));
    }

    private String scraperKey(LoadSpec spec) {
        return serverMetrics + " " + spec.target().url().resolve("/");
    }

    /** The scraper of {@code spec}'s target, found (and checked) once per target; null when there is none. */
    private ServerMetricsScraper scraper(LoadSpec spec) {
        String key = scraperKey(spec);
        if (scraperNotes.containsKey(key)) {
            return scrapers.get(key);
        }
        if ("none".equalsIgnoreCase(serverMetrics) || "off".equalsIgnoreCase(serverMetrics)) {
            scraperNotes.put(key, "server metrics: off (--server-metrics none)");
            return null;
        }
        java.net.URI url;
        try {
            url = serverMetrics == null
                    ? ServerMetricsScraper.defaultUrl(spec.target().url())
                    : java.net.URI.create(serverMetrics);
            if (url.getScheme() == null || !url.getScheme().startsWith("http") || url.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw LoadException.badConfig(
                    "--server-metrics",
                    "'" + serverMetrics + "' is not a URL (" + e.getMessage()
                            + "); give e.g. http://vllm:8000/metrics, or none");
        }
        Map<String, String> headers = new HashMap<>();
        if (url.resolve("/").equals(spec.target().url().resolve("/"))) {
            // Same server: same headers and key (vLLM's --api-key guards /v1 only, gateways may guard all).
            headers.putAll(spec.target().headers());
            if (spec.target().apiKey() != null && !spec.target().apiKey().isEmpty()) {
                headers.put("Authorization", "Bearer " + spec.target().apiKey());
            }
        }
        ServerMetricsScraper s = new ServerMetricsScraper(vertx, url, headers);
        String note;
        try {
            var scrape = s.scrapeNow();
            if (scrape.known()) {
                scrapers.put(key, s);
                note = "server metrics: " + url + " (" + scrape.family() + ")";
            } else {
                s.close();
                note = "server metrics: none (" + url + " shows no vLLM, SGLang, TGI or llama.cpp metrics)";
            }
        } catch (ServerMetricsScraper.ScrapeException e) {
            s.close();
            note = serverMetrics == null
                    ? "server metrics: none (" + url + ": " + e.getMessage() + ")"
                    : "WARNING: --server-metrics " + url + " did not answer (" + e.getMessage()
                            + "); measuring without server metrics";
        }
        scraperNotes.put(key, note);
        return scrapers.get(key);
    }

    /** The description of the token counting in use for {@code tokenizerPath} (loads it if needed). */
    public String tokenizerDescription(String tokenizerPath) {
        return tokenizer(tokenizerPath).describe();
    }

    @Override
    public void close() {
        cancel();
        closeClient();
        scrapers.values().forEach(ServerMetricsScraper::close);
        scrapers.clear();
        tokenizers.values().forEach(TokenCounter::close);
        tokenizers.clear();
        if (ownsVertx) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // closing anyway
            }
        }
    }

    private TokenCounter tokenizer(String path) {
        String key = path == null || path.isBlank() ? "" : path;
        TokenCounter c = tokenizers.get(key);
        if (c == null) {
            c = DjlTokenCounter.open(path, resolver);
            tokenizers.put(key, c);
        }
        return c;
    }

    private static PromptSource promptSource(LoadSpec spec, TokenCounter counter) {
        LoadSpec.Prompts p = spec.prompts();
        if (p.fixedPrompt() != null) {
            Prompt fixed = new Prompt(p.fixedPrompt(), null, counter.count(p.fixedPrompt()));
            return () -> fixed;
        }
        if (p.dataset() == Dataset.RANDOM) {
            return new RandomPromptSource(
                    counter, p.minPromptLength(), p.maxPromptLength(), p.prefixLength(), spec.seed(), spec.run());
        }
        return FilePromptSource.open(p.dataset(), p.datasetPath(), counter, spec.run(), expectedRequests(spec));
    }

    /**
     * Requests one run is expected to send: the offset between runs in a file of prompts. Besides the
     * warm-up and the measured requests, a closed loop sends about 2 x parallel more: the ramp (the
     * pilot and the slots started before the last) and the warm-up requests still in flight when the
     * window opens. 3 x parallel is reserved: the ramp's timers can fire late, and started slots keep
     * sending meanwhile (replies much faster than a millisecond timer can need more).
     */
    static long expectedRequests(LoadSpec spec) {
        LoadSpec.Size s = spec.size();
        long slack = spec.pressure().isOpenLoop() ? 0 : 3L * spec.pressure().parallel();
        if (s.number() > 0) {
            return s.warmupNum() + s.number() + slack;
        }
        double seconds = s.duration().toMillis() / 1e3;
        double perSecond = spec.pressure().isOpenLoop()
                ? spec.pressure().rate()
                : spec.pressure().parallel();
        return Math.max(1, s.warmupNum() + (long) Math.ceil(seconds * perSecond) + slack);
    }

    /**
     * One client per event loop (see {@link RequestSender}), each allowed the whole pool: the driver
     * bounds what is in flight, and connections are only opened when needed. Kept across probes
     * (keep-alive) unless a probe has another target, needs more connections or another connect timeout.
     */
    private ClientLanes clients(LoadSpec spec) {
        LoadSpec.Pressure p = spec.pressure();
        int pool = p.isOpenLoop() ? (p.maxConcurrency() > 0 ? p.maxConcurrency() : UNCAPPED_POOL) : p.parallel();
        String origin = ClientLanes.origin(spec.target().url());
        if (clients != null && clients.fits(origin, pool, spec.target().connectTimeout())) {
            return clients;
        }
        closeClient();
        clients = new ClientLanes(vertx, contexts.length, pool, spec.target().connectTimeout(), origin);
        return clients;
    }

    private void closeClient() {
        if (clients != null) {
            clients.close();
            clients = null;
        }
    }
}
