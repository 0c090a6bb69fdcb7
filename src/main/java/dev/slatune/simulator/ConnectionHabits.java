package dev.slatune.simulator;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Applies the connection {@link Quirks} to each request: the {@code Keep-Alive} header, and closing a
 * connection after its Nth reply, announced or silent. Confined to the server's event loop.
 */
final class ConnectionHabits {

    private final Quirks quirks;
    /** Replies started per open connection; an entry leaves when its connection closes. */
    private final Map<HttpConnection, int[]> replies = new IdentityHashMap<>();

    ConnectionHabits(Quirks quirks) {
        this.quirks = quirks;
    }

    /** Called when a request arrives, before its response is written. */
    void onRequest(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (quirks.keepAliveHeader() != null) {
            response.putHeader("keep-alive", quirks.keepAliveHeader());
        }
        if (quirks.closeAfter() == 0) {
            return;
        }
        HttpConnection connection = request.connection();
        int[] count = replies.get(connection);
        if (count == null) {
            count = new int[1];
            replies.put(connection, count);
            connection.closeHandler(v -> replies.remove(connection));
        }
        if (++count[0] < quirks.closeAfter()) {
            return;
        }
        if (quirks.announceClose()) {
            response.putHeader("connection", "close");
        }
        // Once the last byte is on the wire, as llama.cpp's server does after a streamed reply.
        response.bodyEndHandler(v -> connection.close());
    }
}
