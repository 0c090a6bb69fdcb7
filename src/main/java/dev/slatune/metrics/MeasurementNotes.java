package dev.slatune.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sentences a result owes its reader about how far its numbers can be trusted: replies that did
 * not finish, replies shorter than asked, the prompt cache's share (a warning when random prompts hit
 * it), and percentiles that are not exact. Printed under the {@code load} table and each {@code tune}
 * probe.
 */
public final class MeasurementNotes {

    private MeasurementNotes() {}

    /**
     * The notes for {@code r}, one sentence each, without a trailing newline.
     *
     * @param randomPrompts true when the prompts were random text, which no cache should know
     */
    public static List<String> of(ProbeResult r, boolean randomPrompts) {
        List<String> notes = new ArrayList<>();
        unfinished(r, notes);
        ReplyLengths l = r.replyLengths();
        if (l.promised() > 0 && l.shortReplies() > 0) {
            notes.add(String.format(
                    Locale.ROOT,
                    "%d of %d replies were shorter than the %d output tokens asked"
                            + " (min_tokens / ignore_eos): the server did not honour the fixed length",
                    l.shortReplies(),
                    l.checked(),
                    l.promised()));
        }
        PromptCache c = r.promptCache();
        double share = c.share();
        if (!Double.isNaN(share)) {
            if (randomPrompts && share > PromptCache.RANDOM_PROMPT_WARNING) {
                notes.add(String.format(
                        Locale.ROOT,
                        "WARNING: %.1f%% of the prompt tokens came from the server's"
                                + " cache although the prompts were random: an earlier run sent these prompts (give each"
                                + " run its own --run), so TTFT reads low",
                        share * 100));
            } else {
                notes.add(String.format(
                        Locale.ROOT,
                        "prompt cache: %.1f%% of the prompt tokens were cached" + " (server-reported)",
                        share * 100));
            }
        }
        if (!r.approximatePercentiles().isEmpty()) {
            notes.add("percentiles of " + String.join(", ", r.approximatePercentiles()) + " are not exact: a merged"
                    + " part's histogram was left out of its termination message (the worst part's are shown)");
        }
        return notes;
    }

    private static void unfinished(ProbeResult r, List<String> notes) {
        var e = r.requests().errors();
        long incomplete = e.getOrDefault(ErrorKind.INCOMPLETE.key(), 0L);
        long aborted = e.getOrDefault(ErrorKind.ABORTED.key(), 0L);
        long finishError = e.getOrDefault(ErrorKind.FINISH_ERROR.key(), 0L);
        if (incomplete > 0) {
            notes.add(incomplete + " streams ended without [DONE] (incomplete): counted as failures");
        }
        if (aborted + finishError > 0) {
            notes.add(String.format(
                    Locale.ROOT,
                    "%d replies finished with finish_reason abort, %d with error:" + " counted as failures",
                    aborted,
                    finishError));
        }
    }
}
