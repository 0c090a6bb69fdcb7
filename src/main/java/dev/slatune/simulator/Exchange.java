package dev.slatune.simulator;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.SplittableRandom;

/**
 * One admitted generation: what the engine advances token by token, and the HTTP response it writes
 * to. The engine calls {@link #onToken} at the end of each step the exchange ran in and
 * {@link #flush} once per event-loop turn, so that several steps processed in one turn (zero or
 * overdue delays) leave in one write.
 */
final class Exchange {

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final GenerationRequest req;
    private final String id;
    private final long created;
    private final int outputTokens;
    private final FinishReason finish;
    private final int cutAt;
    private final SplittableRandom random;
    private final WireFormat format;
    private final Quirks quirks;
    private final StringBuilder pending;
    private final StringBuilder text;
    private int generated;
    private volatile boolean clientGone;
    private boolean finished;
    /** Engine-owned: already in the list of exchanges to flush at the end of this turn. */
    boolean queuedForFlush;

    Exchange(
            HttpServerRequest request,
            GenerationRequest req,
            String id,
            long created,
            int outputTokens,
            FinishReason finish,
            int cutAt,
            SplittableRandom random,
            Quirks quirks) {
        this.request = request;
        this.response = request.response();
        this.req = req;
        this.id = id;
        this.created = created;
        this.outputTokens = outputTokens;
        this.finish = finish;
        this.cutAt = cutAt;
        this.random = random;
        this.quirks = quirks;
        this.format = req.stream() ? new WireFormat(req.endpoint(), id, created, req.model()) : null;
        this.pending = req.stream() ? new StringBuilder(512) : null;
        this.text = req.stream() ? null : new StringBuilder(outputTokens * 7);
        response.closeHandler(v -> clientGone = true);
        if (req.stream()) {
            response.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8");
            // Like vLLM (Starlette's StreamingResponse) the headers leave before the first token.
            response.writeHead();
        }
    }

    int promptTokens() {
        return req.promptTokens();
    }

    int outputTokens() {
        return outputTokens;
    }

    FinishReason finish() {
        return finish;
    }

    /** True when the client went away or the exchange ended; the engine then drops it. */
    boolean isOver() {
        return finished || clientGone;
    }

    /** True when every planned token was produced (not cut, client still there when it ended). */
    boolean finishedNormally() {
        return finished && generated == outputTokens;
    }

    /**
     * Produces the next token. Returns true when the exchange is over (last token, a cut stream, or
     * the client went away) and leaves the batch.
     */
    boolean onToken() {
        if (isOver()) {
            return true;
        }
        generated++;
        boolean last = generated == outputTokens;
        if (req.stream()) {
            boolean first = generated == 1;
            if (first && quirks.roleChunk()) {
                format.roleChunk(pending);
            }
            int every = quirks.emptyChunksEvery();
            if (every > 0 && (generated - 1) % every == 0) {
                format.emptyChunks(pending);
            }
            boolean withRole = first && !quirks.roleChunk();
            if (last) {
                String quoted = finish == FinishReason.STOP ? "\"\"" : Vocabulary.quoted(Vocabulary.pick(random));
                boolean usageHere = req.includeUsage() && quirks.usage() == Quirks.UsagePlacement.LAST_CHUNK;
                format.finalChunk(
                        pending,
                        quoted,
                        finish,
                        withRole,
                        usageHere ? new int[] {req.promptTokens(), outputTokens} : null);
                if (req.includeUsage() && !usageHere) {
                    format.usageChunk(pending, req.promptTokens(), outputTokens);
                }
                WireFormat.done(pending);
            } else {
                format.tokenChunk(pending, Vocabulary.quoted(Vocabulary.pick(random)), withRole);
            }
        } else if (!last || finish == FinishReason.LENGTH) {
            text.append(Vocabulary.word(Vocabulary.pick(random)));
        }
        if (generated == cutAt && !last) {
            finished = true;
            return true;
        }
        if (last) {
            finished = true;
        }
        return last;
    }

    /**
     * Writes an SSE comment unless the exchange is over; false once it is (the caller stops pinging).
     * Pending token chunks always hold whole events, so a comment never lands inside one.
     */
    boolean ping() {
        if (isOver() || response.ended() || response.closed()) {
            return false;
        }
        StringBuilder sb = new StringBuilder(8);
        WireFormat.ping(sb);
        response.write(sb.toString());
        return true;
    }

    /** Writes what the steps of this turn produced; ends or cuts the response when it is over. */
    void flush() {
        queuedForFlush = false;
        if (clientGone || response.closed()) {
            // The close handler may not have run yet; writing now would only fail.
            clientGone = true;
            return;
        }
        boolean cut = finished && generated < outputTokens;
        if (req.stream()) {
            if (pending.length() > 0) {
                String chunk = pending.toString();
                pending.setLength(0);
                if (finished && !cut) {
                    response.end(chunk);
                    return;
                }
                response.write(chunk);
            }
        } else if (finished && !cut) {
            response.putHeader("content-type", "application/json")
                    .end(WireFormat.completeBody(
                            req.endpoint(),
                            id,
                            created,
                            req.model(),
                            text.toString(),
                            finish,
                            req.promptTokens(),
                            outputTokens));
            return;
        }
        if (cut) {
            // A fault: the connection dies mid-stream, as when a server crashes or a proxy drops it.
            request.connection().close();
        }
    }
}
