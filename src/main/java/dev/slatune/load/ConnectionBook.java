package dev.slatune.load;

import io.vertx.core.http.HttpConnection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one lane knows about each of its open connections, so that a request never goes out on a
 * connection the server is about to close or has closed. Vert.x already honours {@code Connection:
 * close} and the {@code timeout} of {@code Keep-Alive} (exactly, to the second); the book adds:
 * <ul>
 * <li>{@code Keep-Alive: timeout}: a connection is not reused within a margin of that timeout
 *     (a quarter of it, at most one second), where the server's close and our request would race;</li>
 * <li>{@code Keep-Alive: max}: the last request the server allows on a connection carries
 *     {@code Connection: close}, so neither side reuses it;</li>
 * <li>servers that close silently after N replies in spite of their headers (llama.cpp's server
 *     closes after every streamed reply while it sends {@code Keep-Alive: timeout=5, max=100}): when a
 *     connection the server closed had served N replies and was closed right after its last one
 *     (within {@link #LEARN_WINDOW_NANOS}), every later connection's Nth request carries
 *     {@code Connection: close}. What is learned is shared by the lanes of one target and only ever
 *     lowers the count.</li>
 * </ul>
 * Confined to the lane's event loop.
 */
final class ConnectionBook {

    /** The request opens a new connection. */
    static final int FRESH = 1;
    /** The request should be the connection's last: send it with {@code Connection: close}. */
    static final int LAST = 2;
    /** The connection must not be used: close it and ask the pool for another. */
    static final int STALE = 4;

    /** A server close this soon after a connection's last reply is taken for a close-after-N habit. */
    static final long LEARN_WINDOW_NANOS = 100_000_000L;

    private static final long MAX_TIMEOUT_MARGIN_NANOS = 1_000_000_000L;

    /** One open connection. */
    static final class Entry {
        int requests;
        long budget = -1;
        long keepAliveNanos = -1;
        long lastEnd;
        long acquiredAt;
        boolean inUse;
        /** Either side announced the close: it is expected, not a habit to learn. */
        boolean closing;
        /** Flags of the last {@link #acquire}. */
        int flags;
    }

    private final Map<HttpConnection, Entry> open = new IdentityHashMap<>();
    private final AtomicInteger learnedCloseAfter;
    private long opened;

    /** @param learnedCloseAfter shared by the lanes of one target: 0 until a close-after-N habit is seen */
    ConnectionBook(AtomicInteger learnedCloseAfter) {
        this.learnedCloseAfter = learnedCloseAfter;
    }

    /**
     * Books a request on {@code connection} (just handed out by the pool) at {@code now}; the returned
     * entry's {@link Entry#flags} say whether it is {@link #FRESH}, must be {@link #LAST}, or is
     * {@link #STALE} (then nothing was booked).
     */
    Entry acquire(HttpConnection connection, long now) {
        Entry e = open.get(connection);
        int flags = 0;
        if (e == null) {
            e = new Entry();
            open.put(connection, e);
            connection.closeHandler(v -> closed(connection, System.nanoTime()));
            opened++;
            flags = FRESH;
        } else if (e.budget == 0
                || e.keepAliveNanos > 0 && now - e.lastEnd >= e.keepAliveNanos - margin(e.keepAliveNanos)) {
            e.flags = STALE;
            e.closing = true; // the caller closes it
            return e;
        }
        e.requests++;
        e.inUse = true;
        e.acquiredAt = now;
        int learned = learnedCloseAfter.get();
        if (e.budget == 1 || learned > 0 && e.requests >= learned) {
            flags |= LAST;
            e.closing = true;
        }
        if (e.budget > 0) {
            e.budget--;
        }
        e.flags = flags;
        return e;
    }

    /** The response head arrived: reads {@code Keep-Alive} and {@code Connection}. */
    void headers(Entry e, String keepAlive, String connectionHeader) {
        KeepAlive k = KeepAlive.parse(keepAlive);
        if (k.timeoutSeconds() >= 0) {
            e.keepAliveNanos = k.timeoutSeconds() * 1_000_000_000L;
        }
        if (k.max() >= 0) {
            e.budget = k.max();
        }
        if (connectionHeader != null
                && connectionHeader.toLowerCase(java.util.Locale.ROOT).contains("close")) {
            e.closing = true;
        }
    }

    /** The request on {@code e} ended (reply read, or failed after its head arrived). */
    void released(Entry e, long now) {
        e.inUse = false;
        e.lastEnd = now;
    }

    /**
     * The request on a reused connection got no response byte before the connection died: the server
     * had closed it after its previous reply. Learns the habit when that reply was recent.
     */
    void diedUnanswered(Entry e) {
        e.inUse = false;
        if (!e.closing && e.requests > 1 && e.acquiredAt - e.lastEnd <= LEARN_WINDOW_NANOS) {
            learn(e.requests - 1);
        }
    }

    /** Connections this lane has opened so far. */
    long opened() {
        return opened;
    }

    /** The close-after-N habit learned so far, 0 if none. */
    int learnedCloseAfter() {
        return learnedCloseAfter.get();
    }

    private void closed(HttpConnection connection, long now) {
        Entry e = open.remove(connection);
        if (e != null && !e.closing && !e.inUse && e.requests > 0 && now - e.lastEnd <= LEARN_WINDOW_NANOS) {
            learn(e.requests);
        }
    }

    private void learn(int replies) {
        learnedCloseAfter.accumulateAndGet(replies, (old, n) -> old == 0 ? n : Math.min(old, n));
    }

    private static long margin(long keepAliveNanos) {
        return Math.min(MAX_TIMEOUT_MARGIN_NANOS, keepAliveNanos / 4);
    }
}
