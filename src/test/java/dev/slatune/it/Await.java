package dev.slatune.it;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until a condition holds. Controllers act asynchronously; a test states what it waits for
 * and gets the last value seen when the time is up, never a bare timeout.
 */
public final class Await {

    private Await() {
    }

    /** Polls {@code read} every 200 ms until {@code done} accepts its value; returns that value. */
    public static <T> T until(String what, Duration timeout, Supplier<T> read, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last seen: " + last);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
