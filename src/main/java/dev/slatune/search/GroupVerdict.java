package dev.slatune.search;

import java.util.List;

/**
 * Whether one point meets one rule group, with each condition's check and how sure that is.
 *
 * @param pass whether the measured values meet every condition (the point estimate)
 * @param reason a short human explanation: {@code ok}, or the failed checks, or why it is uncertain
 * @param verdict {@code fail} when a check fails for sure, {@code pass} when all pass for sure (and the client
 *     kept up), {@code uncertain} otherwise; never contradicts {@code pass}
 * @param samples the requests this verdict rests on
 * @param confidence the confidence level of the intervals (0.95)
 * @param clientLimited whether the load generator itself was the bottleneck, so a pass cannot be trusted
 */
public record GroupVerdict(
        String criteria,
        boolean pass,
        List<ConditionCheck> checks,
        String reason,
        Verdict verdict,
        long samples,
        double confidence,
        boolean clientLimited) {

    public GroupVerdict {
        checks = List.copyOf(checks);
    }

    /** Whether the verdict is certain either way. */
    public boolean sure() {
        return verdict != Verdict.UNCERTAIN;
    }

    /**
     * Roughly how many samples would make an uncertain verdict certain: for a passing estimate every
     * uncertain check must become a pass (the most any needs), for a failing one one failing check suffices
     * (the fewest). {@link Long#MAX_VALUE} when more samples cannot help (a client-limited probe).
     */
    long needed() {
        if (sure()) {
            return samples;
        }
        if (clientLimited) {
            return Long.MAX_VALUE;
        }
        long best = pass ? 0 : Long.MAX_VALUE;
        for (ConditionCheck c : checks) {
            if (c.verdict() != Verdict.UNCERTAIN || !pass && c.pass()) {
                continue;
            }
            best = pass ? Math.max(best, c.needed()) : Math.min(best, c.needed());
        }
        return best;
    }
}
