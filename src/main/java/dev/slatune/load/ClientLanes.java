package dev.slatune.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP clients of the load engine, one set per event loop ("lane", see {@link RequestSender}):
 * a keep-alive pool, a client that opens a fresh connection for every request (for the one resend
 * after a pooled connection was found dead: a fresh connection cannot be stale), and the lane's
 * {@link ConnectionBook}. Kept across probes of one target so that connections and what was
 * learned about the server's connection habits carry over.
 */
final class ClientLanes implements AutoCloseable {

    private final HttpClient[] pooled;
    private final HttpClient[] fresh;
    private final ConnectionBook[] books;
    private final int pool;
    private final Duration connectTimeout;
    private final String origin;

    /**
     * @param lanes one per event loop
     * @param pool the most connections one lane's pool may open
     * @param origin the server's scheme, host and port: what the books learn holds for it only
     */
    ClientLanes(Vertx vertx, int lanes, int pool, Duration connectTimeout, String origin) {
        this.pool = pool;
        this.connectTimeout = connectTimeout;
        this.origin = origin;
        int connectMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        HttpClientOptions keepAlive = new HttpClientOptions()
                .setKeepAlive(true)
                .setPipelining(false) // a dead connection would take every pipelined request with it
                .setTcpNoDelay(true)
                .setConnectTimeout(connectMs)
                .setDecompressionSupported(false);
        HttpClientOptions oneShot = new HttpClientOptions(keepAlive).setKeepAlive(false);
        AtomicInteger learned = new AtomicInteger();
        pooled = new HttpClient[lanes];
        fresh = new HttpClient[lanes];
        books = new ConnectionBook[lanes];
        for (int i = 0; i < lanes; i++) {
            pooled[i] = vertx.createHttpClient(
                    keepAlive, new PoolOptions().setHttp1MaxSize(pool).setMaxWaitQueueSize(-1));
            fresh[i] = vertx.createHttpClient(
                    oneShot, new PoolOptions().setHttp1MaxSize(pool).setMaxWaitQueueSize(-1));
            books[i] = new ConnectionBook(learned);
        }
    }

    /** Whether these clients serve a probe of {@code wantOrigin} that needs this many connections and connect timeout. */
    boolean fits(String wantOrigin, int wantPool, Duration wantConnectTimeout) {
        return origin.equals(wantOrigin) && pool >= wantPool && connectTimeout.equals(wantConnectTimeout);
    }

    /** The origin (scheme://host:port) of a target URL. */
    static String origin(java.net.URI url) {
        return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
    }

    HttpClient pooled(int lane) {
        return pooled[lane];
    }

    HttpClient fresh(int lane) {
        return fresh[lane];
    }

    ConnectionBook book(int lane) {
        return books[lane];
    }

    @Override
    public void close() {
        for (int i = 0; i < pooled.length; i++) {
            pooled[i].close();
            fresh[i].close();
        }
    }
}
