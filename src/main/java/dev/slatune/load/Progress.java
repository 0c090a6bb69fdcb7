package dev.slatune.load;

import java.time.Duration;

/**
 * A snapshot of a running probe, for progress lines.
 *
 * @param done measured requests completed (warm-up excluded)
 * @param failed measured requests that failed
 * @param inFlight requests in flight now (warm-up included)
 * @param warmingUp true while warm-up requests are still being sent
 * @param number measured requests asked for, 0 when the run is bounded by time only
 * @param elapsed time since the run started
 * @param duration measuring time asked for, or null
 */
public record Progress(
        long done, long failed, long inFlight, boolean warmingUp, long number, Duration elapsed, Duration duration) {}
