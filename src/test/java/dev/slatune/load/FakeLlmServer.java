package dev.slatune.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small OpenAI-shaped streaming server for driver tests (until and besides the real simulator):
 * fixed time to first token and per-token delay, and switchable failure modes.
 */
final class FakeLlmServer implements AutoCloseable {

    /** What the server does with a completion request. */
    enum Mode {
        OK,
        NO_USAGE,
        STATUS,
        ERROR_EVENT,
        DISCONNECT,
        SILENT
    }

    final Vertx vertx = Vertx.vertx();
    final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicLong lastBodyBytes = new AtomicLong();
    volatile String lastBody;
    volatile String lastAuthorization;
    volatile long ttftMs = 5;
    volatile long tokenMs = 1;
    volatile int tokens = 4;
    volatile Mode mode = Mode.OK;
    volatile int status = 500;
    volatile String models = "[\"test-model\"]";
    /** Imitates a prefix cache: a prompt seen before reports all its 7 prompt tokens as cached. */
    volatile boolean prefixCache;

    final java.util.Set<String> seenPrompts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FakeLlmServer() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/v1/chat/completions";
    }

    private void handle(HttpServerRequest req) {
        if (req.path().endsWith("/models")) {
            StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
            String[] ids =
                    models.replace("[", "").replace("]", "").replace("\"", "").split(",");
            for (int i = 0; i < ids.length; i++) {
                sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"object\":\"model\"}");
            }
            req.response()
                    .putHeader("content-type", "application/json")
                    .end(sb.append("]}").toString());
            return;
        }
        lastAuthorization = req.getHeader("Authorization");
        req.body().onSuccess(b -> {
            lastBody = b.toString();
            lastBodyBytes.set(b.length());
            requests.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable finished = () -> {
                if (over.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                }
            };
            req.response().endHandler(v -> finished.run());
            req.response().closeHandler(v -> finished.run());
            int cached = -1;
            if (prefixCache) {
                int from = lastBody.indexOf("\"messages\":");
                int to = lastBody.indexOf(",\"max_tokens\"");
                cached = seenPrompts.add(lastBody.substring(from, Math.max(from, to))) ? 0 : 7;
            }
            respond(req, lastBody.contains("\"stream\":true"), cached);
        });
    }

    private void respond(HttpServerRequest req, boolean stream, int cached) {
        HttpServerResponse resp = req.response();
        switch (mode) {
            case STATUS -> {
                resp.setStatusCode(status).end("{\"error\":{\"message\":\"nope\"}}");
                return;
            }
            case SILENT -> {
                return; // never answers: the client's read timeout must fire
            }
            default -> {}
        }
        if (!stream) {
            vertx.setTimer(
                    ttftMs + tokenMs * Math.max(0, tokens - 1),
                    id -> resp.putHeader("content-type", "application/json")
                            .end("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                                    + "{\"role\":\"assistant\",\"content\":\"" + "tok ".repeat(tokens) + "\"},"
                                    + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":"
                                    + tokens + ",\"total_tokens\":" + (7 + tokens) + "}}"));
            return;
        }
        resp.setChunked(true).putHeader("content-type", "text/event-stream");
        resp.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
        vertx.setTimer(ttftMs, id -> token(resp, 0, cached));
    }

    private void token(HttpServerResponse resp, int i, int cached) {
        if (resp.closed()) {
            return;
        }
        if (i == tokens / 2 && mode == Mode.ERROR_EVENT && i > 0) {
            resp.end("data: {\"error\":{\"message\":\"engine died\",\"code\":500}}\n\ndata: [DONE]\n\n");
            return;
        }
        if (i == tokens / 2 && mode == Mode.DISCONNECT && i > 0) {
            resp.reset(); // abrupt close mid-stream
            return;
        }
        if (i == tokens) {
            String usage = mode == Mode.NO_USAGE
                    ? ""
                    : "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":" + tokens
                            + (cached < 0 ? "" : ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + "}")
                            + "}}\n\n";
            resp.end(usage + "data: [DONE]\n\n");
            return;
        }
        resp.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i + "\"}}]}\n\n");
        vertx.setTimer(Math.max(1, tokenMs), id -> token(resp, i + 1, cached));
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
