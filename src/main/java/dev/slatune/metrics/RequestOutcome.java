package dev.slatune.metrics;

/**
 * What happened to one request, as {@code System.nanoTime()} readings of the process that sent it.
 *
 * @param scheduledNanos when the driver meant to send it (open loop: its arrival time; closed loop:
 *     the moment a slot became free); latency and TTFT are measured from here so that a late
 *     client cannot hide queueing
 * @param startNanos just before the request bytes were written
 * @param firstTokenNanos when the first content-bearing event was read, or -1
 * @param endNanos when the last content-bearing event (or the whole non-streamed body) was read
 * @param inputTokens prompt tokens (from usage, else the prompt source's count)
 * @param outputTokens output tokens (usage, else tokenizer, else content chunks)
 * @param outputTokensFromUsage false when {@code outputTokens} was not reported by the server
 * @param itlNanos gaps between consecutive content-bearing events, timestamped on read; may be empty
 * @param error null when the request succeeded
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens}, or -1 when the server did not say
 * @param errorMessage what the server or the transport said about a failure (the server's
 *     {@code error.message}, the exception's message), or null
 */
public record RequestOutcome(
        long scheduledNanos,
        long startNanos,
        long firstTokenNanos,
        long endNanos,
        int inputTokens,
        int outputTokens,
        boolean outputTokensFromUsage,
        long[] itlNanos,
        ErrorKind error,
        int cachedTokens,
        String errorMessage) {

    /** An outcome without a cached-token report or an error message. */
    public RequestOutcome(
            long scheduledNanos,
            long startNanos,
            long firstTokenNanos,
            long endNanos,
            int inputTokens,
            int outputTokens,
            boolean outputTokensFromUsage,
            long[] itlNanos,
            ErrorKind error) {
        this(
                scheduledNanos,
                startNanos,
                firstTokenNanos,
                endNanos,
                inputTokens,
                outputTokens,
                outputTokensFromUsage,
                itlNanos,
                error,
                -1,
                null);
    }

    /** An outcome with a cached-token report and no error message (a success). */
    public RequestOutcome(
            long scheduledNanos,
            long startNanos,
            long firstTokenNanos,
            long endNanos,
            int inputTokens,
            int outputTokens,
            boolean outputTokensFromUsage,
            long[] itlNanos,
            ErrorKind error,
            int cachedTokens) {
        this(
                scheduledNanos,
                startNanos,
                firstTokenNanos,
                endNanos,
                inputTokens,
                outputTokens,
                outputTokensFromUsage,
                itlNanos,
                error,
                cachedTokens,
                null);
    }

    /** Whether the request counts as a success. */
    public boolean succeeded() {
        return error == null;
    }

    /** A failed request. */
    public static RequestOutcome failed(long scheduledNanos, long startNanos, long endNanos, ErrorKind kind) {
        return failed(scheduledNanos, startNanos, endNanos, kind, null);
    }

    /** A failed request with what the server or transport said about it. */
    public static RequestOutcome failed(
            long scheduledNanos, long startNanos, long endNanos, ErrorKind kind, String message) {
        return new RequestOutcome(scheduledNanos, startNanos, -1, endNanos, 0, 0, false, NO_GAPS, kind, -1, message);
    }

    private static final long[] NO_GAPS = new long[0];
}
