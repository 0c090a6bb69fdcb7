package dev.slatune.load;

import java.util.SplittableRandom;

/**
 * Random prompts of {@code min..max} tokens (uniform), each preceded by a prefix of
 * {@code prefixLength} tokens shared by every prompt of the run. Seeded by (seed, run), so a run is
 * reproducible and every run, prefix included, is fresh text to the server's prefix cache.
 */
final class RandomPromptSource implements PromptSource {

    private final TokenCounter counter;
    private final int min;
    private final int max;
    private final String prefix;
    private final int prefixLength;
    private final SplittableRandom random;

    RandomPromptSource(TokenCounter counter, int min, int max, int prefixLength, long seed, int run) {
        this.counter = counter;
        this.min = min;
        this.max = max;
        this.prefixLength = prefixLength;
        this.random = new SplittableRandom(Seeds.mix(seed, run, 0x5EED_0001L));
        this.prefix = prefixLength == 0 ? "" : counter.randomText(prefixLength, random);
    }

    @Override
    public synchronized Prompt next() {
        int n = min == max ? min : min + random.nextInt(max - min + 1);
        String body = counter.randomText(n, random);
        // Decoded text may start without a space: keep the prefix's last word and the body's first apart.
        boolean glue = !prefix.isEmpty() && !body.isEmpty() && !Character.isWhitespace(body.charAt(0));
        String text = glue ? prefix + " " + body : prefix + body;
        int tokens = counter.exact() ? counter.count(text) : prefixLength + n;
        return new Prompt(text, null, tokens);
    }
}
