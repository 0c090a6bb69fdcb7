package dev.slatune.load;

import dev.slatune.metrics.ErrorKind;
import dev.slatune.metrics.RequestOutcome;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * Sends one request on a non-blocking Vert.x client and reports its {@link RequestOutcome} exactly
 * once. There is one client per event loop ("lane"): a request sent from lane i's event loop uses
 * lane i's client, whose connections live on that same event loop, so a request and its reply never
 * hop between threads (on a busy machine every hop is a scheduling delay in the measurement). The start time is taken when a connection is in hand, just before the bytes are
 * written; stream chunks are timestamped when the event loop hands them over (read time), then
 * parsed.
 */
final class RequestSender {

    private final HttpClient[] clients;
    private final String url;
    private final MultiMap headers;
    private final long idleTimeoutMs;
    private final boolean stream;
    private final TokenCounter counter;

    RequestSender(HttpClient[] clients, LoadSpec spec, TokenCounter counter) {
        this.clients = clients;
        this.url = spec.target().url().toString();
        this.idleTimeoutMs = spec.target().readTimeout().toMillis();
        this.stream = spec.body().stream();
        this.counter = counter;
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        h.set(HttpHeaders.CONTENT_TYPE, "application/json");
        h.set(HttpHeaders.ACCEPT, stream ? "text/event-stream" : "application/json");
        if (spec.target().apiKey() != null && !spec.target().apiKey().isEmpty()) {
            h.set(HttpHeaders.AUTHORIZATION, "Bearer " + spec.target().apiKey());
        }
        spec.target().headers().forEach(h::set);
        this.headers = h;
    }

    /**
     * Sends {@code body} on lane {@code lane}'s client; call it on that lane's event loop. {@code done}
     * receives the outcome on the same event loop.
     *
     * @param promptTokens the prompt's token count, used when the server reports no usage
     * @param scheduledNanos when the driver meant to send it
     */
    void send(int lane, Buffer body, int promptTokens, long scheduledNanos, Consumer<RequestOutcome> done) {
        Once once = new Once(done);
        RequestOptions opts = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setHeaders(headers).setIdleTimeout(idleTimeoutMs);
        clients[lane].request(opts).onComplete(ar -> {
            if (ar.failed()) {
                long now = System.nanoTime();
                once.accept(RequestOutcome.failed(scheduledNanos, now, now, classify(ar.cause(), false),
                        ErrorMessages.ofThrowable(ar.cause())));
                return;
            }
            HttpClientRequest req = ar.result();
            long start = System.nanoTime();
            req.response().onComplete(rr -> {
                if (rr.failed()) {
                    once.accept(RequestOutcome.failed(scheduledNanos, start, System.nanoTime(),
                            classify(rr.cause(), false), ErrorMessages.ofThrowable(rr.cause())));
                } else {
                    read(rr.result(), promptTokens, scheduledNanos, start, once);
                }
            });
            req.end(body);
        });
    }

    private void read(HttpClientResponse resp, int promptTokens, long scheduled, long start, Once once) {
        resp.exceptionHandler(t -> once.accept(RequestOutcome.failed(scheduled, start, System.nanoTime(),
                classify(t, true), ErrorMessages.ofThrowable(t))));
        if (resp.statusCode() != 200) {
            // Keep the start of the body: it says why (context too small, unknown model, bad key).
            Buffer body = Buffer.buffer();
            resp.handler(b -> {
                if (body.length() < ErrorMessages.MAX_BODY) {
                    body.appendBuffer(b, 0, Math.min(b.length(), ErrorMessages.MAX_BODY - body.length()));
                }
            });
            resp.endHandler(v -> {
                long end = System.nanoTime();
                byte[] bytes = body.getBytes();
                once.accept(RequestOutcome.failed(scheduled, start, end, ErrorKind.ofStatus(resp.statusCode()),
                        ErrorMessages.ofHttp(resp.statusCode(), resp.statusMessage(), bytes, bytes.length)));
            });
            return;
        }
        ReplyAccumulator acc = new ReplyAccumulator(counter);
        if (stream && isEventStream(resp)) {
            SseParser parser = new SseParser(acc);
            resp.handler(buf -> {
                long readAt = System.nanoTime();
                byte[] bytes = buf.getBytes();
                parser.feed(bytes, 0, bytes.length, readAt);
            });
            resp.endHandler(v -> {
                long end = System.nanoTime();
                parser.end(end);
                once.accept(acc.finish(scheduled, start, end, true, promptTokens));
            });
        } else {
            // Non-streamed reply (or a server that ignored "stream"): the whole body is one event.
            Buffer all = Buffer.buffer();
            resp.handler(all::appendBuffer);
            resp.endHandler(v -> {
                long end = System.nanoTime();
                byte[] bytes = all.getBytes();
                acc.onBody(bytes, bytes.length);
                once.accept(acc.finish(scheduled, start, end, false, promptTokens));
            });
        }
    }

    private static boolean isEventStream(HttpClientResponse resp) {
        String ct = resp.getHeader(HttpHeaders.CONTENT_TYPE);
        return ct == null || ct.toLowerCase().startsWith("text/event-stream");
    }

    /** Maps a transport failure to its kind; {@code inBody} is true once the response status was read. */
    static ErrorKind classify(Throwable t, boolean inBody) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getSimpleName();
            String msg = String.valueOf(c.getMessage()).toLowerCase();
            if (name.contains("Timeout") || msg.contains("timeout period") || msg.contains("timed out")) {
                return ErrorKind.TIMEOUT;
            }
            if (c instanceof UnknownHostException) {
                return ErrorKind.CONNECT;
            }
        }
        return inBody ? ErrorKind.STREAM_ERROR : ErrorKind.CONNECT;
    }

    /** Delivers the first outcome only: a failure after completion (a late reset) is not a second result. */
    private static final class Once implements Consumer<RequestOutcome> {
        private final Consumer<RequestOutcome> target;
        private boolean fired;

        Once(Consumer<RequestOutcome> target) {
            this.target = target;
        }

        @Override
        public void accept(RequestOutcome o) {
            synchronized (this) {
                if (fired) {
                    return;
                }
                fired = true;
            }
            target.accept(o);
        }
    }
}
