package dev.slatune.search;

import java.util.List;

/**
 * Whether one point meets one rule group, with each condition's check.
 *
 * @param reason a short human explanation: {@code ok}, or the failed checks
 */
public record GroupVerdict(String criteria, boolean pass, List<ConditionCheck> checks, String reason) {

    public GroupVerdict {
        checks = List.copyOf(checks);
    }
}
