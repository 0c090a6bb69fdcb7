package dev.slatune.simulator;

/**
 * A validated generation request: only what the simulator acts on.
 *
 * @param endpoint chat or plain completions
 * @param model the model the client named (validated against the served one)
 * @param stream answer as server-sent events
 * @param includeUsage stream_options.include_usage: end the stream with a usage chunk
 * @param promptTokens prompt length by the documented approximation (characters / 4, rounded up)
 * @param maxTokens max_completion_tokens or max_tokens, or null when the client set neither
 * @param minTokens min_tokens, 0 when absent
 * @param ignoreEos ignore_eos: never stop before the length limit
 */
public record GenerationRequest(
        Endpoint endpoint,
        String model,
        boolean stream,
        boolean includeUsage,
        int promptTokens,
        Integer maxTokens,
        int minTokens,
        boolean ignoreEos) {}
