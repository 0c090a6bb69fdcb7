package dev.slatune.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.json.Json;
import dev.slatune.metrics.ErrorKind;
import dev.slatune.metrics.RequestOutcome;
import java.io.IOException;
import java.util.Arrays;

/**
 * Turns one reply (a stream of SSE events, or one JSON body) into a {@link RequestOutcome}, per the
 * metric definitions of docs/architecture.md:
 * <ul>
 * <li>an event is <em>content-bearing</em> when a choice carries non-empty {@code content},
 * {@code reasoning_content} / {@code reasoning}, a tool-call or function-call delta, or non-empty
 * {@code text} (completions API; also llama.cpp's native top-level {@code content}); role-only,
 * usage-only and empty chunks are not;</li>
 * <li>TTFT is the read time of the first content-bearing event, latency ends at the last one, ITL
 * gaps are between consecutive ones;</li>
 * <li>output tokens come from {@code usage.completion_tokens}; without usage, from the tokenizer
 * when one is configured, else the number of content-bearing events (flagged as estimated);</li>
 * <li>an error event ({@code event: error}, an {@code "error"} member or {@code "object":"error"}),
 * unparseable data, or a stream without output are failures of their own kinds;</li>
 * <li>success is honest: a stream must end with {@code [DONE]}, else it is {@link ErrorKind#INCOMPLETE},
 * unless it said it finished otherwise: a choice's {@code finish_reason} (TGI before 2.2 sends no
 * {@code [DONE]}) or llama.cpp's native {@code "stop": true}; a {@code finish_reason} of {@code abort}
 * or {@code error} is {@link ErrorKind#ABORTED} / {@link ErrorKind#FINISH_ERROR};</li>
 * <li>{@code usage.prompt_tokens_details.cached_tokens}, when sent, is the prompt's cached part.</li>
 * </ul>
 * Not thread-safe; one per request.
 */
final class ReplyAccumulator implements SseParser.Listener {

    static final ObjectMapper JSON = Json.plain();

    private static final long[] NO_GAPS = new long[0];

    private final TokenCounter counter;
    private final StringBuilder text;
    /** Reads chunks without Jackson when it can; null when the text is kept for a tokenizer. */
    private final ChunkScanner scanner;

    private long first = -1;
    private long last = -1;
    private long[] gaps = NO_GAPS;
    private int gapCount;
    private int contentEvents;
    private int completionTokens = -1;
    private int promptTokens = -1;
    private int cachedTokens = -1;
    private boolean error;
    private String errorMessage;
    private String topLevelMessage;
    private boolean done;
    /** llama.cpp's native /completion ends with {@code "stop": true} and no [DONE]. */
    private boolean nativeStop;
    /** The last finish_reason that was abort or error, else null. */
    private ErrorKind badFinish;
    /** A choice carried another finish_reason (stop, length, eos_token, ...). */
    private boolean finished;

    /** @param counter counts output tokens when the server reports no usage; exact counters only are used */
    ReplyAccumulator(TokenCounter counter) {
        this(counter, true);
    }

    /** @param scan false reads every chunk with Jackson (tests compare the two readings) */
    ReplyAccumulator(TokenCounter counter, boolean scan) {
        this.counter = counter != null && counter.exact() ? counter : null;
        this.text = this.counter == null ? null : new StringBuilder();
        this.scanner = scan && this.text == null ? new ChunkScanner() : null;
    }

    @Override
    public void onEvent(String event, byte[] data, int offset, int length, long readNanos) {
        if ("error".equals(event)) {
            error = true;
            byte[] d = offset == 0 ? data : java.util.Arrays.copyOfRange(data, offset, offset + length);
            String m = ErrorMessages.ofJson(d, length);
            errorMessage = "error event: "
                    + (m != null ? m : new String(d, 0, length, java.nio.charset.StandardCharsets.UTF_8).strip());
            return;
        }
        if (isDone(data, offset, length)) {
            done = true;
            return;
        }
        if (read(data, offset, length, true)) {
            contentEvent(readNanos);
        }
    }

    /** A whole non-streamed JSON body. */
    void onBody(byte[] body, int offset, int length) {
        if (read(body, offset, length, false)) {
            contentEvents++;
        }
    }

    /** Reads one chunk (or body); true when it bears content. */
    private boolean read(byte[] data, int offset, int length, boolean stream) {
        if (scanner != null && scanner.scan(data, offset, length, stream)) {
            ChunkScanner s = scanner;
            if (s.hasCompletionTokens) {
                completionTokens = s.completionTokens;
            }
            if (s.hasPromptTokens) {
                promptTokens = s.promptTokens;
            }
            if (s.hasCachedTokens) {
                cachedTokens = s.cachedTokens;
            }
            nativeStop |= s.nativeStop;
            if (s.badFinish != null) {
                badFinish = s.badFinish;
            }
            finished |= s.finished;
            if (s.message != null) {
                topLevelMessage = s.message;
            }
            return s.content && !error;
        }
        try (JsonParser p = JSON.getFactory().createParser(data, offset, length)) {
            return apply(p, stream ? "delta" : "message");
        } catch (IOException e) {
            error = true;
            byte[] d = offset == 0 ? data : java.util.Arrays.copyOfRange(data, offset, offset + length);
            errorMessage = ErrorMessages.ofUnparseable(d, length);
            return false;
        }
    }

    /** Whether the stream's {@code [DONE]} sentinel was seen. */
    boolean sawDone() {
        return done;
    }

    /** Whether an error event or unparseable data was seen. */
    boolean sawError() {
        return error;
    }

    /**
     * The outcome of a reply that ended cleanly at {@code endNanos}.
     *
     * @param streamed true for SSE, false for one JSON body (which has no TTFT: -1)
     * @param promptTokens the prompt's token count as the prompt source knows it, used without usage
     */
    RequestOutcome finish(long scheduledNanos, long startNanos, long endNanos, boolean streamed, int promptTokens) {
        if (error) {
            String m = errorMessage != null
                    ? errorMessage
                    : topLevelMessage != null ? "error event: " + topLevelMessage : null;
            return RequestOutcome.failed(scheduledNanos, startNanos, endNanos, ErrorKind.STREAM_ERROR, m);
        }
        if (badFinish != null) {
            return RequestOutcome.failed(scheduledNanos, startNanos, endNanos, badFinish);
        }
        if (streamed && !done && !nativeStop && !finished) {
            return RequestOutcome.failed(scheduledNanos, startNanos, endNanos, ErrorKind.INCOMPLETE);
        }
        boolean fromUsage = completionTokens >= 0;
        int out = fromUsage ? completionTokens : counter != null ? counter.count(text.toString()) : contentEvents;
        if (out <= 0 || contentEvents == 0 && !fromUsage) {
            return RequestOutcome.failed(
                    scheduledNanos,
                    startNanos,
                    endNanos,
                    ErrorKind.EMPTY,
                    "HTTP 200 but no output" + (fromUsage ? " (usage: 0 completion tokens)" : " tokens"));
        }
        int in = this.promptTokens >= 0 ? this.promptTokens : promptTokens;
        long end = streamed && last >= 0 ? last : endNanos;
        return new RequestOutcome(
                scheduledNanos,
                startNanos,
                streamed ? first : -1,
                end,
                in,
                out,
                fromUsage,
                gapCount == 0 ? NO_GAPS : Arrays.copyOf(gaps, gapCount),
                null,
                cachedTokens);
    }

    private void contentEvent(long nanos) {
        contentEvents++;
        if (first < 0) {
            first = nanos;
        } else {
            if (gapCount == gaps.length) {
                gaps = Arrays.copyOf(gaps, Math.max(16, gaps.length * 2));
            }
            gaps[gapCount++] = nanos - last;
        }
        last = nanos;
    }

    /**
     * Reads one chunk with Jackson's streaming parser (no tree: this runs for every token of every
     * reply); true when it bears content. {@code part} is "delta" (stream) or "message".
     */
    private boolean apply(JsonParser p, String part) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            error = true;
            errorMessage = "event data is not a JSON object";
            return false;
        }
        boolean content = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "error" -> {
                    if (v != JsonToken.VALUE_NULL && v != JsonToken.VALUE_FALSE) {
                        error = true;
                        // The error path only: reading the member as a tree costs nothing on success.
                        String m = ErrorMessages.ofNode(p.readValueAsTree());
                        errorMessage = m == null ? null : "error event: " + m;
                    } else {
                        p.skipChildren();
                    }
                }
                case "message" -> {
                    if (v == JsonToken.VALUE_STRING) { // {"object": "error", "message": ...} (vLLM, SGLang)
                        topLevelMessage = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                case "object" -> {
                    if (v == JsonToken.VALUE_STRING && "error".equals(p.getText())) {
                        error = true;
                    }
                }
                case "usage" -> readUsage(p, v);
                case "content" -> content |= nonEmptyText(p, v); // llama.cpp native /completion
                case "stop" -> nativeStop |= v == JsonToken.VALUE_TRUE; // llama.cpp native: the last chunk
                case "choices" -> {
                    if (v == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            content |= readChoice(p, part);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return content && !error;
    }

    private void readUsage(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NUMBER_INT && "completion_tokens".equals(name)) {
                completionTokens = p.getIntValue();
            } else if (t == JsonToken.VALUE_NUMBER_INT && "prompt_tokens".equals(name)) {
                promptTokens = p.getIntValue();
            } else if (t == JsonToken.START_OBJECT && "prompt_tokens_details".equals(name)) {
                readPromptDetails(p);
            } else {
                p.skipChildren();
            }
        }
    }

    private void readPromptDetails(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NUMBER_INT && "cached_tokens".equals(name)) {
                cachedTokens = p.getIntValue();
            } else {
                p.skipChildren();
            }
        }
    }

    /** Reads one choice object (the parser is on its START_OBJECT); true when it bears content. */
    private boolean readChoice(JsonParser p, String part) throws IOException {
        boolean content = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("text".equals(name)) {
                content |= nonEmptyText(p, v);
            } else if ("finish_reason".equals(name)) {
                finishReason(p, v);
            } else if (part.equals(name) && v == JsonToken.START_OBJECT) {
                boolean reasoningSeen = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "content" -> content |= nonEmptyText(p, t);
                        case "reasoning_content", "reasoning" -> {
                            // vLLM's two names for the same text may both be present: count it once.
                            if (reasoningSeen) {
                                content |= t == JsonToken.VALUE_STRING && p.getTextLength() > 0;
                                p.skipChildren();
                            } else {
                                boolean text = nonEmptyText(p, t);
                                reasoningSeen = text;
                                content |= text;
                            }
                        }
                        case "tool_calls", "function_call" -> content |= toolCall(p, t);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return content;
    }

    private void finishReason(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return;
        }
        String reason = p.getText();
        if ("abort".equals(reason)) {
            badFinish = ErrorKind.ABORTED;
        } else if ("error".equals(reason)) {
            badFinish = ErrorKind.FINISH_ERROR;
        } else {
            finished = true;
        }
    }

    private boolean nonEmptyText(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return false;
        }
        if (p.getTextLength() == 0) {
            return false;
        }
        if (text != null) {
            text.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        return true;
    }

    /** A tool-call delta counts when non-empty; with a tokenizer its arguments are kept for counting. */
    private boolean toolCall(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_ARRAY) {
            // TensorRT-LLM sends "tool_calls":[] on every chunk: no tree for an empty array.
            boolean any = false;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                any |= toolCallObject(p.readValueAsTree());
            }
            return any;
        }
        return t == JsonToken.START_OBJECT && toolCallObject(p.readValueAsTree());
    }

    private boolean toolCallObject(JsonNode call) {
        if (call == null || call.isEmpty()) {
            return false;
        }
        if (text != null) {
            JsonNode args = call.has("function") ? call.path("function").get("arguments") : call.get("arguments");
            if (args != null && args.isTextual()) {
                text.append(args.textValue());
            }
        }
        return true;
    }

    private static boolean isDone(byte[] d, int offset, int n) {
        int s = offset;
        int e = offset + n;
        while (s < e && d[s] == ' ') {
            s++;
        }
        while (e > s && (d[e - 1] == ' ')) {
            e--;
        }
        return e - s == 6
                && d[s] == '['
                && d[s + 1] == 'D'
                && d[s + 2] == 'O'
                && d[s + 3] == 'N'
                && d[s + 4] == 'E'
                && d[s + 5] == ']';
    }
}
