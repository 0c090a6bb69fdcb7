package dev.slatune.cli;

import dev.slatune.sla.EditDistance;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lets an {@code evalscope perf ... --sla-auto-tune} command line run unchanged under
 * {@code slatune tune}: flags of EvalScope that do not change what slatune measures are accepted
 * with a warning; anything else unknown is an error that suggests the closest known flag.
 */
final class EvalScopeFlags {

    /** EvalScope perf flags that take no value. */
    private static final Set<String> SWITCHES = Set.of("--debug", "--no-test-connection", "--apply-chat-template",
            "--enable-progress-tracker", "--logprobs");

    /** EvalScope perf flags slatune accepts and ignores: reporting, visualisation, multimodal, tuning of its own client. */
    private static final Set<String> IGNORED = new TreeSet<>(List.of("--attn-implementation", "--port",
            "--total-timeout", "--no-test-connection", "--log-every-n-query", "--debug", "--visualizer",
            "--wandb-api-key", "--swanlab-api-key", "--name", "--query-template", "--apply-chat-template",
            "--image-width", "--image-height", "--image-format", "--image-num", "--image-patch-size",
            "--db-commit-interval", "--queue-size-multiplier", "--in-flight-task-multiplier", "--sleep-interval",
            "--enable-progress-tracker", "--n-choices", "--logprobs", "--top-p", "--top-k", "--frequency-penalty",
            "--repetition-penalty", "--stop", "--stop-token-ids", "--prompt", "--dataset-split"));

    private EvalScopeFlags() {
    }

    /**
     * Checks the arguments picocli did not recognise; warns about ignorable EvalScope flags and
     * throws {@link IllegalArgumentException} for anything else.
     */
    static void check(List<String> unmatched, java.util.Collection<String> known, PrintStream err) {
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < unmatched.size(); i++) {
            String arg = unmatched.get(i);
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (see slatune tune --help)");
            }
            if (!IGNORED.contains(flag)) {
                throw new IllegalArgumentException("unknown flag " + flag + suggestion(flag, known)
                        + " (see slatune tune --help)");
            }
            ignored.add(flag);
            if (!arg.contains("=") && !SWITCHES.contains(flag)) {
                // skip the flag's values: everything up to the next flag
                while (i + 1 < unmatched.size() && !unmatched.get(i + 1).startsWith("--")) {
                    i++;
                }
            }
        }
        if (!ignored.isEmpty()) {
            err.println("slatune tune: warning: ignoring EvalScope flags that do not apply here: "
                    + String.join(", ", ignored));
        }
    }

    private static String suggestion(String flag, java.util.Collection<String> known) {
        String best = known.stream().filter(f -> f.startsWith("--"))
                .min(Comparator.comparingInt(f -> EditDistance.between(f, flag))).orElse(null);
        return best != null && EditDistance.between(best, flag) <= 3 ? "; did you mean " + best + "?" : "";
    }
}
