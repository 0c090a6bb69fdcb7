package dev.slatune.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.metrics.ErrorKind;
import dev.slatune.metrics.RequestOutcome;
import java.io.IOException;
import java.util.Arrays;

/**
 * Turns one reply (a stream of SSE events, or one JSON body) into a {@link RequestOutcome}, per the
 * metric definitions of DESIGN.md:
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
 * unparseable data, or a stream without output are failures of their own kinds.</li>
 * </ul>
 * Not thread-safe; one per request.
 */
final class ReplyAccumulator implements SseParser.Listener {

    static final ObjectMapper JSON = new ObjectMapper();

    private final TokenCounter counter;
    private final StringBuilder text;
    private long first = -1;
    private long last = -1;
    private long[] gaps = new long[16];
    private int gapCount;
    private int contentEvents;
    private int completionTokens = -1;
    private int promptTokens = -1;
    private boolean error;
    private boolean done;

    /** @param counter counts output tokens when the server reports no usage; exact counters only are used */
    ReplyAccumulator(TokenCounter counter) {
        this.counter = counter != null && counter.exact() ? counter : null;
        this.text = this.counter == null ? null : new StringBuilder();
    }

    @Override
    public void onEvent(String event, byte[] data, int length, long readNanos) {
        if ("error".equals(event)) {
            error = true;
            return;
        }
        if (isDone(data, length)) {
            done = true;
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(data, 0, length);
        } catch (IOException e) {
            error = true;
            return;
        }
        if (apply(node, "delta")) {
            contentEvent(readNanos);
        }
    }

    /** A whole non-streamed JSON body. */
    void onBody(byte[] body, int length) {
        try {
            JsonNode node = JSON.readTree(body, 0, length);
            if (node != null && apply(node, "message")) {
                contentEvents++;
            }
        } catch (IOException e) {
            error = true;
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
            return RequestOutcome.failed(scheduledNanos, startNanos, endNanos, ErrorKind.STREAM_ERROR);
        }
        boolean fromUsage = completionTokens >= 0;
        int out = fromUsage ? completionTokens
                : counter != null ? counter.count(text.toString()) : contentEvents;
        if (out <= 0 || contentEvents == 0 && !fromUsage) {
            return RequestOutcome.failed(scheduledNanos, startNanos, endNanos, ErrorKind.EMPTY);
        }
        int in = this.promptTokens >= 0 ? this.promptTokens : promptTokens;
        long end = streamed && last >= 0 ? last : endNanos;
        return new RequestOutcome(scheduledNanos, startNanos, streamed ? first : -1, end, in, out, fromUsage,
                Arrays.copyOf(gaps, gapCount), null);
    }

    private void contentEvent(long nanos) {
        contentEvents++;
        if (first < 0) {
            first = nanos;
        } else {
            if (gapCount == gaps.length) {
                gaps = Arrays.copyOf(gaps, gaps.length * 2);
            }
            gaps[gapCount++] = nanos - last;
        }
        last = nanos;
    }

    /** Reads one chunk; true when it bears content. {@code part} is "delta" (stream) or "message". */
    private boolean apply(JsonNode node, String part) {
        if (!node.isObject()) {
            error = true;
            return false;
        }
        JsonNode err = node.get("error");
        if (err != null && !err.isNull() && !(err.isBoolean() && !err.asBoolean())
                || "error".equals(node.path("object").asText())) {
            error = true;
            return false;
        }
        JsonNode usage = node.get("usage");
        if (usage != null && usage.isObject()) {
            JsonNode c = usage.get("completion_tokens");
            if (c != null && c.isNumber()) {
                completionTokens = c.asInt();
            }
            JsonNode p = usage.get("prompt_tokens");
            if (p != null && p.isNumber()) {
                promptTokens = p.asInt();
            }
        }
        boolean content = nonEmptyText(node.get("content")); // llama.cpp native /completion
        JsonNode choices = node.get("choices");
        if (choices != null && choices.isArray()) {
            for (JsonNode choice : choices) {
                content |= nonEmptyText(choice.get("text"));
                JsonNode d = choice.get(part);
                if (d != null && d.isObject()) {
                    content |= nonEmptyText(d.get("content"));
                    content |= nonEmptyText(d.get("reasoning_content"));
                    content |= nonEmptyText(d.get("reasoning"));
                    content |= toolCall(d.get("tool_calls"));
                    content |= toolCall(d.get("function_call"));
                }
            }
        }
        return content;
    }

    private boolean nonEmptyText(JsonNode n) {
        if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
            return false;
        }
        if (text != null) {
            text.append(n.textValue());
        }
        return true;
    }

    private boolean toolCall(JsonNode n) {
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isArray() && n.isEmpty() || n.isObject() && n.isEmpty()) {
            return false;
        }
        if (text != null) {
            for (JsonNode call : n.isArray() ? n : java.util.List.of(n)) {
                JsonNode args = call.has("function") ? call.path("function").get("arguments") : call.get("arguments");
                if (args != null && args.isTextual()) {
                    text.append(args.textValue());
                }
            }
        }
        return true;
    }

    private static boolean isDone(byte[] d, int n) {
        int s = 0;
        int e = n;
        while (s < e && d[s] == ' ') {
            s++;
        }
        while (e > s && (d[e - 1] == ' ')) {
            e--;
        }
        return e - s == 6 && d[s] == '[' && d[s + 1] == 'D' && d[s + 2] == 'O' && d[s + 3] == 'N' && d[s + 4] == 'E'
                && d[s + 5] == ']';
    }
}
