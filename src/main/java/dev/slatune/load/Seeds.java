package dev.slatune.load;

/** Derives independent, reproducible random seeds from the user's {@code --seed}, the run and a purpose. */
final class Seeds {

    private Seeds() {}

    /** A well-mixed 64-bit seed (SplitMix64 finaliser over the three inputs). */
    static long mix(long seed, long run, long purpose) {
        long z = seed * 0x9E3779B97F4A7C15L + run * 0xBF58476D1CE4E5B9L + purpose;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
