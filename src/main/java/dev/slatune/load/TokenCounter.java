package dev.slatune.load;

import java.util.SplittableRandom;

/**
 * Counts tokens and makes random text of a chosen token length: exactly with a real tokenizer, or
 * by the documented approximation ({@link ApproximateTokenCounter}) without one.
 */
public interface TokenCounter extends AutoCloseable {

    /** Tokens in {@code text}, without special tokens. */
    int count(String text);

    /** Random text of {@code tokens} tokens (exactly, when {@link #exact()}), drawn from {@code random}. */
    String randomText(int tokens, SplittableRandom random);

    /** Whether counts are exact for the target's model rather than an approximation. */
    boolean exact();

    /** A short description for the console: which tokenizer, or that counts are approximate. */
    String describe();

    @Override
    default void close() {}
}
