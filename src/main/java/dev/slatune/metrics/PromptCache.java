package dev.slatune.metrics;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How much of the prompts the server answered from its prefix cache, as it reported in
 * {@code usage.prompt_tokens_details.cached_tokens} (vLLM with {@code --enable-prompt-tokens-details},
 * SGLang, OpenAI). Some vLLM versions send the field only when it is above zero, so the share is
 * over the prompt tokens of every successful measured request, and {@code reporting} only says that
 * the server reports at all.
 *
 * @param reporting successful requests whose usage carried {@code cached_tokens}
 * @param promptTokens the prompt tokens of all successful measured requests
 * @param cachedTokens the cached prompt tokens they reported
 */
public record PromptCache(long reporting, long promptTokens, long cachedTokens) {

    /** Nothing reported. */
    public static final PromptCache NONE = new PromptCache(0, 0, 0);

    /**
     * Above this cached share, random prompts (fresh text, fresh prefix per run) must have met an earlier
     * run's prompts or a cache that is not a prefix cache: the TTFT is flattered and a warning is due.
     * Chat templates give every prompt a shared head of a few tokens, which a block cache rarely matches.
     */
    public static final double RANDOM_PROMPT_WARNING = 0.05;

    /** Sums two counts exactly. */
    public PromptCache plus(PromptCache o) {
        return new PromptCache(reporting + o.reporting, promptTokens + o.promptTokens, cachedTokens + o.cachedTokens);
    }

    /** Cached over prompt tokens (0.25 is 25%), NaN when no request reported its cached tokens. */
    @JsonIgnore
    public double share() {
        return reporting == 0 || promptTokens == 0 ? Double.NaN : (double) cachedTokens / promptTokens;
    }

    /** Leaves an empty record out of the JSON (it is the default when read back). */
    static final class Unreported {
        @Override
        public boolean equals(Object o) {
            return o == null || o instanceof PromptCache c && c.reporting == 0;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
