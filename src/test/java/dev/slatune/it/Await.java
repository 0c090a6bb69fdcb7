package dev.slatune.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way tests wait: poll until a condition holds. Controllers, servers and load runs act
 * asynchronously; a test states what it waits for and, when the time is up, fails with the last
 * value seen, never a bare timeout, and never sleeps for a guessed time instead.
 */
public final class Await {

    /** How often {@link #until(String, Duration, Supplier, Predicate)} looks. */
    public static final Duration POLL = Duration.ofMillis(200);

    private Await() {}

    /** Polls {@code read} every 200 ms until {@code done} accepts its value; returns that value. */
    public static <T> T until(String what, Duration timeout, Supplier<T> read, Predicate<? super T> done) {
        return until(what, timeout, POLL, read, done);
    }

    /** Polls {@code read} every {@code poll} until {@code done} accepts its value; returns that value. */
    public static <T> T until(
            String what, Duration timeout, Duration poll, Supplier<T> read, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout.toMillis() + " ms waiting for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(poll.toMillis(), (int) (poll.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Polls {@code done} every {@code poll} until it is true. */
    public static void until(String what, Duration timeout, Duration poll, BooleanSupplier done) {
        until(what, timeout, poll, done::getAsBoolean, Boolean::booleanValue);
    }
}
