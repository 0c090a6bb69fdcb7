package dev.slatune.simulator;

import java.time.Duration;
import java.util.Locale;

/**
 * Habits of other server families that the simulator can put on, one by one, to test clients against
 * them: how it keeps connections, and how it shapes a stream. {@link #NONE} is vLLM's behaviour.
 *
 * @param closeAfter close a connection after this many replies on it; 0 keeps it open (1 is llama.cpp's
 *     {@code llama-server}, which closes after every streamed reply)
 * @param announceClose the reply after which the connection closes carries {@code Connection: close};
 *     false closes it silently, with no warning in the headers (llama.cpp)
 * @param keepAliveHeader the value of a {@code Keep-Alive} header sent with every reply, e.g.
 *     {@code timeout=5, max=100} (llama.cpp sends that although it closes after one reply); a
 *     {@code max=M} counts down per connection and closes it after reply M+1 (see
 *     {@code ConnectionHabits}); null sends none
 * @param idleTimeout close a connection idle this long; zero never does
 * @param roleChunk vLLM's role-only first chunk; false puts the role into the first content chunk
 *     (llama.cpp's newer releases, some gateways)
 * @param usage where usage goes when the request asked for it
 * @param emptyChunksEvery after every Nth token chunk (and before the first), one chunk with
 *     {@code "content":""} and one with {@code "content":null}; 0 sends none
 * @param pingEvery an SSE comment ({@code : ping}) this often while a stream is open, also while the
 *     request waits for its first token (sse-starlette, TGI, proxies); zero sends none
 */
public record Quirks(
        int closeAfter,
        boolean announceClose,
        String keepAliveHeader,
        Duration idleTimeout,
        boolean roleChunk,
        UsagePlacement usage,
        int emptyChunksEvery,
        Duration pingEvery) {

    /** vLLM's manners: connections kept, role chunk, separate usage chunk, nothing extra. */
    public static final Quirks NONE =
            new Quirks(0, false, null, Duration.ZERO, true, UsagePlacement.SEPARATE, 0, Duration.ZERO);

    /** llama.cpp's connection habit: a silent close after every reply behind a keep-alive header. */
    public static final String LLAMACPP_KEEP_ALIVE = "timeout=5, max=100";

    /** Where the usage object goes in a stream. */
    public enum UsagePlacement {
        /** A chunk of its own with {@code "choices":[]} after the last choice chunk (vLLM, OpenAI). */
        SEPARATE,
        /** On the chunk that carries {@code finish_reason} (llama.cpp before 2025, TGI, some gateways). */
        LAST_CHUNK;

        /** Parses {@code separate} or {@code last-chunk}. */
        public static UsagePlacement parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            return switch (t) {
                case "separate" -> SEPARATE;
                case "last-chunk" -> LAST_CHUNK;
                default ->
                    throw new IllegalArgumentException(
                            "usage placement must be separate or last-chunk, got '" + text + "'");
            };
        }
    }

    public Quirks {
        if (closeAfter < 0) {
            throw new IllegalArgumentException(
                    "close-after must be 0 (never) or a number of replies, got " + closeAfter);
        }
        if (emptyChunksEvery < 0) {
            throw new IllegalArgumentException(
                    "empty-chunks must be 0 (none) or a number of tokens, got " + emptyChunksEvery);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || pingEvery == null || pingEvery.isNegative()) {
            throw new IllegalArgumentException("idle timeout and ping interval must be non-negative durations");
        }
        if (usage == null) {
            throw new IllegalArgumentException("usage placement must be given");
        }
        if (keepAliveHeader != null && keepAliveHeader.isBlank()) {
            keepAliveHeader = null;
        }
    }

    /** llama.cpp's connections: a keep-alive header, then a silent close after every reply. */
    public static Quirks llamaCppConnections() {
        return NONE.withConnections(1, false, LLAMACPP_KEEP_ALIVE);
    }

    public Quirks withConnections(int newCloseAfter, boolean newAnnounce, String newKeepAlive) {
        return new Quirks(
                newCloseAfter, newAnnounce, newKeepAlive, idleTimeout, roleChunk, usage, emptyChunksEvery, pingEvery);
    }

    public Quirks withIdleTimeout(Duration timeout) {
        return new Quirks(
                closeAfter, announceClose, keepAliveHeader, timeout, roleChunk, usage, emptyChunksEvery, pingEvery);
    }

    public Quirks withStream(
            boolean newRoleChunk, UsagePlacement newUsage, int newEmptyChunksEvery, Duration newPingEvery) {
        return new Quirks(
                closeAfter,
                announceClose,
                keepAliveHeader,
                idleTimeout,
                newRoleChunk,
                newUsage,
                newEmptyChunksEvery,
                newPingEvery);
    }
}
