package dev.slatune.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fewest output tokens every request of a spec is asked to produce, so that shorter replies can be
 * counted ({@link dev.slatune.metrics.ReplyLengths}). The length is fixed by {@code min_tokens} (vLLM,
 * SGLang), or by {@code ignore_eos: true} with {@code max_tokens} (then the low end of a
 * {@code --max-tokens} range); {@code --extra-args} keys win, as they do in the body. 0 when nothing
 * fixes the length: a reply that stops at its end-of-sequence token is then not short.
 */
final class PromisedLength {

    private PromisedLength() {}

    static int of(LoadSpec.Body body) {
        ObjectNode extra = body.extraArgs() == null ? null : RequestBodies.parseExtraArgs(body.extraArgs());
        int min = body.minTokens() == null ? 0 : body.minTokens();
        int max = body.maxTokensMin();
        boolean ignoreEos = false;
        if (extra != null) {
            min = intOr(extra.get("min_tokens"), min);
            max = intOr(extra.get("max_tokens"), max);
            JsonNode eos = extra.get("ignore_eos");
            ignoreEos = eos != null && eos.isBoolean() && eos.booleanValue();
        }
        return Math.max(min, ignoreEos ? max : 0);
    }

    private static int intOr(JsonNode n, int fallback) {
        return n != null && n.canConvertToInt() && n.isIntegralNumber() ? n.intValue() : fallback;
    }
}
