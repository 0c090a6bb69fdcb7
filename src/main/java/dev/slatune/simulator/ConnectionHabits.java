package dev.slatune.simulator;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the connection {@link Quirks} to each request: the {@code Keep-Alive} header, and closing a
 * connection after its Nth reply, announced or silent. A {@code max=M} in the header counts down as
 * Apache's and cpp-httplib's do: reply k on a connection says {@code max=M-k+1}, the requests still
 * allowed after it, and the connection closes after reply M+1. Confined to the server's event loop.
 */
final class ConnectionHabits {

    private static final Pattern MAX = Pattern.compile("(?i)\\bmax\\s*=\\s*(\\d+)");

    private final Quirks quirks;
    /** The header's max, or -1. */
    private final int max;
    /** Close after this many replies; 0 never. */
    private final int closeAfter;
    /** Replies started per open connection; an entry leaves when its connection closes. */
    private final Map<HttpConnection, int[]> replies = new IdentityHashMap<>();

    ConnectionHabits(Quirks quirks) {
        this.quirks = quirks;
        Matcher m = quirks.keepAliveHeader() == null ? null : MAX.matcher(quirks.keepAliveHeader());
        this.max = m != null && m.find() ? Integer.parseInt(m.group(1)) : -1;
        int byMax = max >= 0 ? max + 1 : 0;
        this.closeAfter = quirks.closeAfter() == 0
                ? byMax
                : byMax == 0 ? quirks.closeAfter() : Math.min(quirks.closeAfter(), byMax);
    }

    /** Called when a request arrives, before its response is written. */
    void onRequest(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (closeAfter == 0) {
            if (quirks.keepAliveHeader() != null) {
                response.putHeader("keep-alive", quirks.keepAliveHeader());
            }
            return;
        }
        HttpConnection connection = request.connection();
        int[] count = replies.get(connection);
        if (count == null) {
            count = new int[1];
            replies.put(connection, count);
            connection.closeHandler(v -> replies.remove(connection));
        }
        int k = ++count[0];
        if (quirks.keepAliveHeader() != null) {
            int left = max - k + 1;
            response.putHeader(
                    "keep-alive",
                    max < 0
                            ? quirks.keepAliveHeader()
                            : left > 0
                                    ? MAX.matcher(quirks.keepAliveHeader()).replaceFirst("max=" + left)
                                    : quirks.keepAliveHeader().replaceAll("(?i),?\\s*\\bmax\\s*=\\s*\\d+", ""));
        }
        if (k < closeAfter) {
            return;
        }
        if (quirks.announceClose()) {
            response.putHeader("connection", "close");
        }
        // Once the last byte is on the wire, as llama.cpp's server does after a streamed reply.
        response.bodyEndHandler(v -> connection.close());
    }
}
