package dev.slatune.load;

import dev.slatune.metrics.ErrorKind;
import dev.slatune.metrics.RequestOutcome;
import io.netty.buffer.ByteBuf;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.UnknownHostException;

/**
 * Sends one request on a non-blocking Vert.x client and reports its {@link RequestOutcome} exactly
 * once. There is one client per event loop ("lane", see {@link ClientLanes}): a request sent from
 * lane i's event loop uses lane i's client, whose connections live on that same event loop, so a
 * request and its reply never hop between threads (on a busy machine every hop is a scheduling delay
 * in the measurement). The start time is taken when a connection is in hand, just before the bytes
 * are written; stream chunks are timestamped when the event loop hands them over (read time), then
 * parsed.
 *
 * <p>Connections (see {@link ConnectionBook}): a pooled connection the server has closed, or is
 * about to close by its {@code Keep-Alive} terms, is not used. When a request on a reused connection
 * still gets no response byte before the connection dies (the server closed it as the request went
 * out), it is sent once more on a fresh connection: the server never saw it, so this is the one safe
 * retry. It keeps its scheduled and start times: latency and TTFT, measured from the scheduled send,
 * include the dead attempt and the new connection's handshake, as a user's would; the schedule lag
 * (start - scheduled) does not, because the client sent on time. Such resends are counted in the
 * client statistics, not as failures. A request on a fresh connection is never resent.
 */
final class RequestSender {

    /** Receives a request's outcome once, on the lane's event loop. */
    interface Done {
        /**
         * @param connectionsOpened connections opened for this request: 0 when it reused one, 1 when
         *     it opened one (in the pool, or for its resend)
         * @param resent true when it was sent again on a fresh connection after its reused
         *     connection died unanswered
         */
        void done(RequestOutcome outcome, int connectionsOpened, boolean resent);
    }

    private final ClientLanes lanes;
    private final MultiMap headers;
    private final RequestOptions options;
    private final boolean stream;
    private final TokenCounter counter;

    RequestSender(ClientLanes lanes, LoadSpec spec, TokenCounter counter) {
        this.lanes = lanes;
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
        // Vert.x copies the options' headers into each request, so one instance serves every send.
        this.options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(spec.target().url().toString())
                .setHeaders(headers)
                .setIdleTimeout(spec.target().readTimeout().toMillis());
    }

    /**
     * Sends {@code body} on lane {@code lane}'s client; call it on that lane's event loop. {@code done}
     * receives the outcome on the same event loop.
     *
     * @param promptTokens the prompt's token count, used when the server reports no usage
     * @param scheduledNanos when the driver meant to send it
     */
    void send(int lane, Buffer body, int promptTokens, long scheduledNanos, Done done) {
        new Call(lane, body, promptTokens, scheduledNanos, done).attempt(false);
    }

    /** One request, through its attempts. */
    private final class Call {
        private final int lane;
        private final Buffer body;
        private final int promptTokens;
        private final long scheduled;
        private final Done done;
        private final ConnectionBook book;
        private long start = -1;
        private int opened;
        private boolean resent;
        private boolean fired;

        Call(int lane, Buffer body, int promptTokens, long scheduled, Done done) {
            this.lane = lane;
            this.body = body;
            this.promptTokens = promptTokens;
            this.scheduled = scheduled;
            this.done = done;
            this.book = lanes.book(lane);
        }

        /** Sends on a pooled connection, or ({@code fresh}) on a new one that is closed after the reply. */
        void attempt(boolean fresh) {
            HttpClient client = fresh ? lanes.fresh(lane) : lanes.pooled(lane);
            client.request(options).onComplete(ar -> {
                if (ar.failed()) {
                    if (!fresh && !resent && ar.cause() instanceof HttpClosedException) {
                        resend();
                        return;
                    }
                    long now = System.nanoTime();
                    fail(now, now, classify(ar.cause(), false), ErrorMessages.ofThrowable(ar.cause()));
                    return;
                }
                HttpClientRequest req = ar.result();
                ConnectionBook.Entry entry = null;
                if (fresh) {
                    opened++;
                } else {
                    entry = book.acquire(req.connection(), System.nanoTime());
                    if ((entry.flags & ConnectionBook.STALE) != 0) {
                        // Nothing was written: drop the connection before the server does, and ask again.
                        req.exceptionHandler(t -> {});
                        req.connection().close();
                        attempt(false);
                        return;
                    }
                    if ((entry.flags & ConnectionBook.FRESH) != 0) {
                        opened++;
                    }
                    if ((entry.flags & ConnectionBook.LAST) != 0) {
                        req.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                    }
                }
                if (start < 0) {
                    start = System.nanoTime();
                }
                ConnectionBook.Entry e = entry;
                req.response().onComplete(rr -> {
                    if (rr.failed()) {
                        Throwable cause = rr.cause();
                        boolean reused = e != null && (e.flags & ConnectionBook.FRESH) == 0;
                        if (reused && !resent && classify(cause, false) != ErrorKind.TIMEOUT) {
                            book.diedUnanswered(e);
                            resend();
                            return;
                        }
                        long now = System.nanoTime();
                        release(e, now);
                        fail(start, now, classify(cause, false), ErrorMessages.ofThrowable(cause));
                        return;
                    }
                    HttpClientResponse resp = rr.result();
                    if (e != null) {
                        book.headers(e, resp.getHeader(HttpHeaders.KEEP_ALIVE), resp.getHeader(HttpHeaders.CONNECTION));
                    }
                    read(resp, e);
                });
                req.end(body);
            });
        }

        private void resend() {
            resent = true;
            attempt(true);
        }

        private void release(ConnectionBook.Entry e, long now) {
            if (e != null) {
                book.released(e, now);
            }
        }

        private void read(HttpClientResponse resp, ConnectionBook.Entry e) {
            if (resp.statusCode() != 200) {
                resp.exceptionHandler(t -> {
                    long now = System.nanoTime();
                    release(e, now);
                    fail(start, now, classify(t, true), ErrorMessages.ofThrowable(t));
                });
                // Keep the start of the body: it says why (context too small, unknown model, bad key).
                Buffer error = Buffer.buffer();
                resp.handler(b -> {
                    if (error.length() < ErrorMessages.MAX_BODY) {
                        error.appendBuffer(b, 0, Math.min(b.length(), ErrorMessages.MAX_BODY - error.length()));
                    }
                });
                resp.endHandler(v -> {
                    long now = System.nanoTime();
                    release(e, now);
                    byte[] bytes = error.getBytes();
                    fail(
                            start,
                            now,
                            ErrorKind.ofStatus(resp.statusCode()),
                            ErrorMessages.ofHttp(resp.statusCode(), resp.statusMessage(), bytes, bytes.length));
                });
                return;
            }
            ReplyAccumulator acc = new ReplyAccumulator(counter);
            if (stream && isEventStream(resp)) {
                SseParser parser = new SseParser(acc);
                resp.exceptionHandler(t -> {
                    long now = System.nanoTime();
                    release(e, now);
                    if (acc.sawDone() && !acc.sawError()) {
                        // The stream said it was complete; only the transport's end was lost.
                        complete(acc.finish(scheduled, start, now, true, promptTokens));
                    } else {
                        fail(start, now, classify(t, true), ErrorMessages.ofThrowable(t));
                    }
                });
                resp.handler(buf -> {
                    long readAt = System.nanoTime();
                    ByteBuf bytes = unwrap(buf);
                    if (bytes.hasArray()) {
                        parser.feed(
                                bytes.array(),
                                bytes.arrayOffset() + bytes.readerIndex(),
                                bytes.readableBytes(),
                                readAt);
                    } else {
                        byte[] copy = buf.getBytes();
                        parser.feed(copy, 0, copy.length, readAt);
                    }
                });
                resp.endHandler(v -> {
                    long end = System.nanoTime();
                    release(e, end);
                    parser.end(end);
                    complete(acc.finish(scheduled, start, end, true, promptTokens));
                });
            } else {
                // Non-streamed reply (or a server that ignored "stream"): the whole body is one event.
                resp.exceptionHandler(t -> {
                    long now = System.nanoTime();
                    release(e, now);
                    fail(start, now, classify(t, true), ErrorMessages.ofThrowable(t));
                });
                Body all = new Body();
                resp.handler(all::add);
                resp.endHandler(v -> {
                    long end = System.nanoTime();
                    release(e, end);
                    ByteBuf bytes = unwrap(all.buffer());
                    if (bytes.hasArray()) {
                        acc.onBody(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
                    } else {
                        byte[] copy = all.buffer().getBytes();
                        acc.onBody(copy, 0, copy.length);
                    }
                    complete(acc.finish(scheduled, start, end, false, promptTokens));
                });
            }
        }

        private void fail(long startNanos, long endNanos, ErrorKind kind, String message) {
            complete(RequestOutcome.failed(scheduled, startNanos, endNanos, kind, message));
        }

        /** Delivers the first outcome only: a failure after completion (a late reset) is not a second result. */
        private void complete(RequestOutcome o) {
            if (fired) {
                return;
            }
            fired = true;
            done.done(o, opened, resent);
        }
    }

    /** A non-streamed body: most arrive in one chunk, which is kept as it is; more are joined. */
    private static final class Body {
        private Buffer first;
        private Buffer joined;

        void add(Buffer chunk) {
            if (first == null) {
                first = chunk;
            } else {
                if (joined == null) {
                    joined = Buffer.buffer(first.length() + chunk.length());
                    joined.appendBuffer(first);
                }
                joined.appendBuffer(chunk);
            }
        }

        Buffer buffer() {
            return joined != null ? joined : first != null ? first : Buffer.buffer();
        }
    }

    private static boolean isEventStream(HttpClientResponse resp) {
        String ct = resp.getHeader(HttpHeaders.CONTENT_TYPE);
        return ct == null || ct.toLowerCase().startsWith("text/event-stream");
    }

    /**
     * The Netty buffer behind a Vert.x buffer, without the copy {@code getBytes()} makes: a reply chunk is
     * parsed straight from the array the event loop read it into (measured: the copy was ~10% of all
     * bytes the engine allocated per streamed request; bench/RESULTS.md).
     */
    private static ByteBuf unwrap(Buffer buf) {
        return buf instanceof BufferImpl impl ? impl.byteBuf() : buf.getByteBuf();
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
}
