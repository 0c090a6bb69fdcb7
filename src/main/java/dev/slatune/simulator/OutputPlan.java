package dev.slatune.simulator;

import java.util.SplittableRandom;

/**
 * How many tokens a request gets and why it stops.
 *
 * <ul>
 *   <li>max_tokens (or max_completion_tokens) set: exactly that many, finish_reason "length" (the
 *       simulated model never stops early, so a load test controls its output length).</li>
 *   <li>not set, ignore_eos: the default range's maximum, finish_reason "length".</li>
 *   <li>not set: a seeded uniform draw from the default range, raised to min_tokens + 1, ending with
 *       an end-of-sequence token (an empty chunk with finish_reason "stop"), which counts in
 *       usage.completion_tokens as in vLLM. At least 2, so that some content precedes the end.</li>
 * </ul>
 *
 * @param tokens output tokens, as usage.completion_tokens reports them
 * @param finish the finish reason of the last chunk
 */
record OutputPlan(int tokens, FinishReason finish) {

    static OutputPlan draw(GenerationRequest req, TokenRange defaults, SplittableRandom random) {
        int drawn = defaults.min() + random.nextInt(defaults.max() - defaults.min() + 1);
        if (req.maxTokens() != null) {
            return new OutputPlan(req.maxTokens(), FinishReason.LENGTH);
        }
        if (req.ignoreEos()) {
            return new OutputPlan(Math.max(defaults.max(), req.minTokens()), FinishReason.LENGTH);
        }
        return new OutputPlan(Math.max(2, Math.max(drawn, req.minTokens() + 1)), FinishReason.STOP);
    }
}
