package dev.slatune.cli;

import dev.slatune.simulator.SimulatorServer;
import java.util.function.Predicate;

/**
 * What {@code tune} and {@code perf} run without {@code --url}: the built-in simulator with a quick workload
 * in place of the flags the user did not give. The options themselves are never written: the demo's values
 * travel as {@link LoadOptions.Overrides}.
 */
final class DemoWorkload {

    /** The rules of the demo tune when no --sla-params is given. */
    static final String RULES = "[{\"p99_latency\": \"<=1s\"}, {\"p99_ttft\": \"<=30ms\"}]";
    /** Short enough that the whole demo tune finishes in well under two minutes on 2 cores. */
    static final String MAX_TOKENS = "64";

    static final int PROMPT_TOKENS = 512;
    static final int UPPER_BOUND = 128;

    private DemoWorkload() {}

    /**
     * The simulator's URL and model, and the quick workload for the flags not given ({@code matched} says
     * which were); both prompt lengths stay the user's when either length flag is given.
     */
    static LoadOptions.Overrides overrides(SimulatorServer sim, String model, Predicate<String> matched) {
        boolean lengths = matched.test("--min-prompt-length") || matched.test("--max-prompt-length");
        return new LoadOptions.Overrides(
                sim.baseUrl() + "/v1/chat/completions",
                model == null ? sim.config().model() : null,
                matched.test("--max-tokens") ? null : MAX_TOKENS,
                lengths ? null : PROMPT_TOKENS);
    }

    /** "; quick workload: 64 max tokens, 512-token prompts", or what of it applies, or "" when none does. */
    static String describe(LoadOptions.Overrides o) {
        if (o.maxTokens() == null && o.promptLength() == null) {
            return "";
        }
        return "; quick workload: " + (o.maxTokens() == null ? "" : o.maxTokens() + " max tokens")
                + (o.maxTokens() == null || o.promptLength() == null ? "" : ", ")
                + (o.promptLength() == null ? "" : o.promptLength() + "-token prompts");
    }
}
