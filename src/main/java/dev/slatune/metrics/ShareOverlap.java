package dev.slatune.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the pods of one run measured at the same time. A run split across N pods is labelled with
 * the whole pressure; that label is true only while every share is loading, so the measured windows
 * of the shares must overlap: the span all of them cover together must reach {@link #MIN_OVERLAP}
 * of the shortest share's window, less at most {@link #MIN_SLACK_SECONDS} (clock skew between nodes
 * and start-up jitter are absolute, not proportional; request-count runs end at slightly different
 * times by nature, so the shortest window is the yardstick). Below it the run is measured again.
 */
public final class ShareOverlap {

    /** The least common share of the window. */
    public static final double MIN_OVERLAP = 0.9;
    /** The least slack allowed, in seconds, however short the window. */
    public static final double MIN_SLACK_SECONDS = 1.0;

    private ShareOverlap() {}

    /**
     * The verdict on a set of shares.
     *
     * @param ratio the time all shares measured together over the shortest share's window (1 for one share)
     * @param message what went wrong, naming the late or early shares, or null when they overlapped
     */
    public record Verdict(double ratio, String message) {
        public boolean overlapped() {
            return message == null;
        }
    }

    /** Checks the measured windows of {@code shares}, in share order. */
    public static Verdict check(List<ProbeResult> shares) {
        return check(shares, Optional.empty());
    }

    /**
     * Checks the measured windows of {@code shares}, in share order.
     *
     * @param startAtEpochMs the agreed start of the run, when there was one: a share that began later
     *     than every other by more than the window's slack is named as late
     */
    public static Verdict check(List<ProbeResult> shares, Optional<Long> startAtEpochMs) {
        if (shares.size() < 2) {
            return new Verdict(1, null);
        }
        double firstStart = Double.MAX_VALUE;
        double lastStart = -Double.MAX_VALUE;
        double firstEnd = Double.MAX_VALUE;
        double lastEnd = -Double.MAX_VALUE;
        for (ProbeResult p : shares) {
            double s = p.startedAtEpochMs() / 1e3;
            double e = s + p.windowSeconds();
            firstStart = Math.min(firstStart, s);
            lastStart = Math.max(lastStart, s);
            firstEnd = Math.min(firstEnd, e);
            lastEnd = Math.max(lastEnd, e);
        }
        double shortest =
                shares.stream().mapToDouble(ProbeResult::windowSeconds).min().orElse(0);
        double common = Math.max(0, firstEnd - lastStart);
        double ratio = shortest > 0 ? Math.min(1, common / shortest) : 1;
        double slack = Math.max((1 - MIN_OVERLAP) * shortest, MIN_SLACK_SECONDS);
        if (shortest - common <= slack) {
            return new Verdict(ratio, null);
        }
        List<String> odd = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            ProbeResult p = shares.get(i);
            double s = p.startedAtEpochMs() / 1e3;
            double e = s + p.windowSeconds();
            if (s - firstStart > slack) {
                odd.add(String.format(
                        Locale.ROOT, "share %d began measuring %.1f s after the first", i, s - firstStart));
            } else if (lastEnd - e > slack) {
                odd.add(String.format(Locale.ROOT, "share %d stopped %.1f s before the last", i, lastEnd - e));
            }
        }
        double earliest = firstStart;
        String when = startAtEpochMs
                .map(t -> String.format(
                        Locale.ROOT,
                        " (agreed start %.1f s before the first " + "share began measuring)",
                        earliest - t / 1e3))
                .orElse("");
        return new Verdict(
                ratio,
                String.format(
                        Locale.ROOT,
                        "the %d shares measured together for %.0f%% of the shortest share's window (%.1f of %.1f s; at least "
                                + "%.0f%% needed)%s: %s",
                        shares.size(),
                        100 * ratio,
                        common,
                        shortest,
                        100 * MIN_OVERLAP,
                        when,
                        odd.isEmpty() ? "their windows drifted apart" : String.join("; ", odd)));
    }
}
