package dev.slatune.simulator;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The OpenAI-compatible simulator: an HTTP server on Vert.x in front of a simulated
 * continuous-batching {@link Engine}. Start it in-process with {@link #start(SimulatorConfig)}
 * (port 0 picks a free port) and stop it with {@link #close()}.
 *
 * <p>Endpoints: POST /v1/chat/completions, POST /v1/completions, GET /v1/models, GET /health,
 * GET /metrics. Server and engine share one event loop: the engine's timeline stays single-threaded
 * and the simulator still answers several thousand streamed requests per second.
 */
public final class SimulatorServer implements AutoCloseable {

    private final SimulatorConfig config;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Clock clock;
    private final SimulatorMetrics metrics;
    private final RequestParser parser;
    private final ConnectionHabits connections;
    private Engine engine;
    private HttpServer server;
    private long requestIndex;

    private SimulatorServer(Vertx vertx, boolean ownsVertx, SimulatorConfig config, Clock clock) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.config = config;
        this.clock = clock;
        this.metrics = new SimulatorMetrics(config.model(), config.capacity().slots());
        this.parser = new RequestParser(config.model(), config.maxModelLen());
        this.connections = new ConnectionHabits(config.quirks());
    }

    /** Starts a simulator on its own Vert.x instance, which {@link #close()} also closes. */
    public static SimulatorServer start(SimulatorConfig config) {
        // Class loading at start-up on a busy machine can take seconds: do not warn about it.
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setMaxEventLoopExecuteTime(10)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS));
        try {
            return new SimulatorServer(vertx, true, config, Clock.systemUTC()).listen();
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Starts a simulator on the given Vert.x instance, with the clock that stamps "created". */
    public static SimulatorServer start(Vertx vertx, SimulatorConfig config, Clock clock) {
        return new SimulatorServer(vertx, false, config, clock).listen();
    }

    private SimulatorServer listen() {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        context.runOnContext(v -> {
            engine = new Engine(context, config.capacity(), config.seed(), metrics, System::nanoTime);
            long idleMs = config.quirks().idleTimeout().toMillis();
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(config.host())
                    .setPort(config.port())
                    .setTcpNoDelay(true)
                    .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleMs))
                    .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
            vertx.createHttpServer(options)
                    .requestHandler(this::handle)
                    .listen()
                    .onSuccess(started::complete)
                    .onFailure(started::completeExceptionally);
        });
        try {
            server = started.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the simulator cannot listen on " + config.host() + ":" + config.port() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the simulator", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the simulator did not start within 30 s", e);
        }
        return this;
    }

    /** The port it listens on (the chosen one when the configuration asked for port 0). */
    public int port() {
        return server.actualPort();
    }

    /** The base URL, e.g. http://127.0.0.1:8801 (append /v1/chat/completions). */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port();
    }

    public SimulatorConfig config() {
        return config;
    }

    public SimulatorMetrics metrics() {
        return metrics;
    }

    /** Stops listening (open streams are dropped) and closes the Vert.x instance if it owns it. */
    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (ownsVertx) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the simulator did not stop cleanly", e);
        }
    }

    private void handle(HttpServerRequest request) {
        connections.onRequest(request);
        String path = request.path();
        HttpMethod method = request.method();
        switch (path) {
            case "/v1/chat/completions" -> generation(request, Endpoint.CHAT);
            case "/v1/completions" -> generation(request, Endpoint.COMPLETIONS);
            case "/v1/models" -> get(request, "application/json", this::modelsBody);
            case "/health" -> get(request, null, () -> "");
            case "/metrics" -> get(request, "text/plain; version=0.0.4; charset=utf-8", metrics::render);
            default -> error(request, new ApiError(404, "NotFoundError", "No route for " + method + " " + path + "."));
        }
    }

    private void get(HttpServerRequest request, String contentType, java.util.function.Supplier<String> body) {
        if (request.method() != HttpMethod.GET) {
            error(request, new ApiError(405, "MethodNotAllowed", "Use GET for " + request.path() + "."));
            return;
        }
        if (contentType != null) {
            request.response().putHeader("content-type", contentType);
        }
        request.response().end(body.get());
    }

    private String modelsBody() {
        String name = Json.quote(config.model());
        return "{\"object\":\"list\",\"data\":[{\"id\":" + name + ",\"object\":\"model\",\"created\":"
                + clock.instant().getEpochSecond() + ",\"owned_by\":\"vllm\",\"root\":" + name
                + ",\"parent\":null,\"max_model_len\":" + config.maxModelLen() + "}]}";
    }

    private void generation(HttpServerRequest request, Endpoint endpoint) {
        if (request.method() != HttpMethod.POST) {
            error(request, new ApiError(405, "MethodNotAllowed", "Use POST for " + request.path() + "."));
            return;
        }
        request.body().onSuccess(body -> {
            GenerationRequest req;
            try {
                req = parser.parse(endpoint, body);
            } catch (ApiError e) {
                error(request, e);
                return;
            }
            admit(request, req);
        });
    }

    /** Draws the request's fate from its own seeded source (same index, same fate) and queues it. */
    private void admit(HttpServerRequest request, GenerationRequest req) {
        SplittableRandom random = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + requestIndex++);
        Faults faults = config.faults();
        double fault = random.nextDouble();
        double cut = random.nextDouble();
        double stall = random.nextDouble();
        if (fault < faults.tooManyRequests()) {
            metrics.rejected(429);
            error(request, new ApiError(429, "RateLimitError", "Too many requests (injected by the simulator)."));
            return;
        }
        if (fault < faults.tooManyRequests() + faults.serverError()) {
            metrics.rejected(500);
            error(
                    request,
                    new ApiError(500, "InternalServerError", "Internal server error (injected by the simulator)."));
            return;
        }
        OutputPlan plan = OutputPlan.draw(req, config.defaultOutput(), random);
        int cutAt = cut < faults.cutStreams() ? Math.max(1, plan.tokens() / 2) : 0;
        String id = (req.endpoint() == Endpoint.CHAT ? "chatcmpl-" : "cmpl-")
                + hex(random.nextLong())
                + hex(random.nextLong());
        Exchange exchange = new Exchange(
                request,
                req,
                id,
                clock.instant().getEpochSecond(),
                plan.tokens(),
                plan.finish(),
                cutAt,
                random,
                config.quirks());
        long pingMs = config.quirks().pingEvery().toMillis();
        if (req.stream() && pingMs > 0) {
            vertx.setPeriodic(pingMs, pingMs, t -> {
                if (!exchange.ping()) {
                    vertx.cancelTimer(t);
                }
            });
        }
        long stallMs = faults.stall().toMillis();
        if (stallMs > 0 && stall < faults.stallFraction()) {
            vertx.setTimer(stallMs, t -> engine.submit(exchange));
        } else {
            engine.submit(exchange);
        }
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    private static void error(HttpServerRequest request, ApiError e) {
        request.response()
                .setStatusCode(e.status())
                .putHeader("content-type", "application/json")
                .end(e.body());
    }
}
