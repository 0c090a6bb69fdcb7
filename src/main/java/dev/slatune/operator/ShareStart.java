package dev.slatune.operator;

import dev.slatune.api.RunStatus;
import java.time.Instant;

/**
 * The agreed start of one attempt's pod shares ({@code load --start-at}): the attempt's recorded
 * start plus the lead, so that a Job created later for the same attempt (after a restart) gets the
 * same instant and, arriving late, says so. None for a single pod: it has no one to wait for.
 */
final class ShareStart {

    private ShareStart() {}

    /** The start of the shares of {@code run}'s current attempt, or null. */
    static Long of(RunStatus run, int shares, int leadSeconds) {
        return run == null || run.getStartTime() == null
                ? null
                : of(Instant.parse(run.getStartTime()), shares, leadSeconds);
    }

    /** The start of the shares of an attempt that started at {@code attemptStart}, or null. */
    static Long of(Instant attemptStart, int shares, int leadSeconds) {
        return shares < 2 ? null : attemptStart.plusSeconds(leadSeconds).toEpochMilli();
    }
}
