package dev.slatune.cli;

import dev.slatune.sla.EditDistance;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lets an {@code evalscope perf} command line run unchanged under {@code slatune tune} and {@code perf}: the
 * EvalScope flags that are not options of their own are either accepted because they change nothing slatune
 * measures (a note says why) or refused because slatune cannot do what they ask (the message says what to use
 * instead). Anything else unknown is an error that suggests the closest known flag. docs/evalscope.md lists
 * every flag; a test keeps the two in step.
 */
final class EvalScopeFlags {

    /** How slatune treats an EvalScope flag that is not one of its options. */
    enum Kind {
        /** Accepted with a note: it changes nothing slatune measures. */
        NO_EFFECT,
        /** Refused with a message saying why and what to use instead. */
        REFUSED
    }

    /**
     * One handled flag.
     *
     * @param kind accepted or refused
     * @param takesValue whether values follow the flag
     * @param why the reason shown
     */
    record Handled(Kind kind, boolean takesValue, String why) {}

    private static final String LOCAL = "in-process inference (--api local) is EvalScope's; slatune measures a "
            + "running server: start vLLM or SGLang and pass --url";
    private static final String MULTI_TURN = "multi-turn conversations are not supported; use a single-turn "
            + "dataset (random, openqa, line_by_line, custom, jsonl)";
    private static final String UPLOAD = "slatune uploads results nowhere; read summary.json and report.html";
    private static final String IMAGES = "only for EvalScope's random_vl dataset, which slatune refuses";
    private static final String CLIENT =
            "EvalScope's own client internals; slatune's client keeps exactly the " + "asked-for requests in flight";

    /** The EvalScope flags handled here, by name. */
    static final Map<String, Handled> HANDLED = handled();

    private static Map<String, Handled> handled() {
        Map<String, Handled> m = new TreeMap<>();
        m.put("--attn-implementation", new Handled(Kind.REFUSED, true, LOCAL));
        m.put("--port", new Handled(Kind.REFUSED, true, LOCAL));
        m.put(
                "--tokenize-prompt",
                new Handled(
                        Kind.REFUSED,
                        false,
                        "slatune sends prompts as text, not token ids; "
                                + "use --api openai-completions to send them without a chat template"));
        m.put("--multi-turn", new Handled(Kind.REFUSED, false, MULTI_TURN));
        m.put("--min-turns", new Handled(Kind.REFUSED, true, MULTI_TURN));
        m.put("--max-turns", new Handled(Kind.REFUSED, true, MULTI_TURN));
        m.put("--multi-turn-args", new Handled(Kind.REFUSED, true, MULTI_TURN));
        m.put(
                "--debug",
                new Handled(
                        Kind.NO_EFFECT,
                        false,
                        "progress lines are always printed and benchmark.log " + "is always written"));
        m.put("--log-every-n-query", new Handled(Kind.NO_EFFECT, true, "progress is printed about once a second"));
        m.put("--wandb-api-key", new Handled(Kind.NO_EFFECT, true, UPLOAD));
        m.put("--swanlab-api-key", new Handled(Kind.NO_EFFECT, true, UPLOAD));
        m.put("--swanlab-host", new Handled(Kind.NO_EFFECT, true, UPLOAD));
        m.put("--visualizer", new Handled(Kind.NO_EFFECT, true, UPLOAD));
        m.put("--enable-progress-tracker", new Handled(Kind.NO_EFFECT, false, "progress lines go to stderr"));
        m.put("--db-commit-interval", new Handled(Kind.NO_EFFECT, true, "slatune keeps no SQLite database"));
        m.put("--queue-size-multiplier", new Handled(Kind.NO_EFFECT, true, CLIENT));
        m.put("--in-flight-task-multiplier", new Handled(Kind.NO_EFFECT, true, CLIENT));
        m.put(
                "--no-test-connection",
                new Handled(
                        Kind.NO_EFFECT,
                        false,
                        "slatune checks the target once (GET " + "/v1/models) before the first run either way"));
        m.put(
                "--total-timeout",
                new Handled(Kind.NO_EFFECT, true, "a request fails after --read-timeout of " + "silence instead"));
        m.put(
                "--apply-chat-template",
                new Handled(
                        Kind.NO_EFFECT,
                        false,
                        "the chat endpoint applies the template "
                                + "(--api openai); --api openai-completions sends the prompt as written, as EvalScope's default"));
        m.put(
                "--no-apply-chat-template",
                new Handled(
                        Kind.NO_EFFECT,
                        false,
                        "the chat endpoint applies the "
                                + "template (--api openai); --api openai-completions sends the prompt as written"));
        m.put(
                "--dataset-offset",
                new Handled(Kind.NO_EFFECT, true, "every run starts at fresh prompts already " + "(see --run)"));
        for (String f :
                List.of("--image-width", "--image-height", "--image-format", "--image-num", "--image-patch-size")) {
            m.put(f, new Handled(Kind.NO_EFFECT, true, IMAGES));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private EvalScopeFlags() {}

    /**
     * Checks the arguments picocli did not recognise; warns about ignorable EvalScope flags and
     * throws {@link IllegalArgumentException} for anything else.
     */
    static void check(List<String> unmatched, java.util.Collection<String> known, PrintStream err) {
        check(unmatched, known, err, "tune");
    }

    /** As {@link #check(List, java.util.Collection, PrintStream)} for the command {@code command}. */
    static void check(List<String> unmatched, java.util.Collection<String> known, PrintStream err, String command) {
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < unmatched.size(); i++) {
            String arg = unmatched.get(i);
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException(
                        "unexpected argument '" + arg + "' (see slatune " + command + " --help)");
            }
            Handled h = HANDLED.get(flag);
            if (h == null) {
                throw new IllegalArgumentException("unknown flag " + flag + suggestion(flag, known) + " (see slatune "
                        + command + " --help and docs/evalscope.md)");
            }
            if (h.kind() == Kind.REFUSED) {
                throw new IllegalArgumentException(flag + " is not supported: " + h.why());
            }
            ignored.add(flag + " (" + h.why() + ")");
            if (!arg.contains("=") && h.takesValue()) {
                // skip the flag's values: everything up to the next flag
                while (i + 1 < unmatched.size() && !unmatched.get(i + 1).startsWith("--")) {
                    i++;
                }
            }
        }
        if (!ignored.isEmpty()) {
            for (String f : ignored) {
                err.println("slatune " + command + ": note: accepted, no effect here: " + f);
            }
        }
    }

    private static String suggestion(String flag, java.util.Collection<String> known) {
        String best = known.stream()
                .filter(f -> f.startsWith("--"))
                .min(Comparator.comparingInt(f -> EditDistance.between(f, flag)))
                .orElse(null);
        return best != null && EditDistance.between(best, flag) <= 3 ? "; did you mean " + best + "?" : "";
    }
}
