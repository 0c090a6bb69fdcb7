package dev.slatune.metrics;

/**
 * The successful requests that <em>completed</em> inside the measured window, warm-up requests still in
 * flight when it opened included, and their tokens: the numerators of rps, tps and input tps. The drain
 * after the window (measured requests finishing after it closed) is not in here, so it cannot dilute a
 * throughput; those requests still count for latency.
 *
 * @param succeeded successful completions inside the window
 * @param outputTokens their output tokens
 * @param inputTokens their prompt tokens
 */
public record WindowCompletions(long succeeded, long outputTokens, long inputTokens) {

    /** Nothing completed. */
    public static final WindowCompletions NONE = new WindowCompletions(0, 0, 0);

    /** Sums two counts exactly. */
    public WindowCompletions plus(WindowCompletions o) {
        return new WindowCompletions(
                succeeded + o.succeeded, outputTokens + o.outputTokens, inputTokens + o.inputTokens);
    }
}
