package dev.slatune.simulator;

import java.util.SplittableRandom;

/**
 * The text of simulated tokens: words drawn from a small fixed list by the request's seeded random
 * source. Each word stands for exactly one token; none needs JSON escaping.
 */
final class Vocabulary {

    private static final String[] WORDS = {
        "The",
        " model",
        " answers",
        " with",
        " plain",
        " words",
        " that",
        " carry",
        " no",
        " meaning",
        ",",
        " chosen",
        " by",
        " a",
        " seeded",
        " random",
        " source",
        ".",
        " Each",
        " one",
        " is",
        " exactly",
        " token",
        " and",
        " arrives",
        " when",
        " the",
        " engine",
        " step",
        " ends",
        " in",
        " batch"
    };

    /** Pre-quoted JSON strings of the words, so that rendering a chunk copies bytes only. */
    private static final String[] QUOTED = new String[WORDS.length];

    static {
        for (int i = 0; i < WORDS.length; i++) {
            QUOTED[i] = Json.quote(WORDS[i]);
        }
    }

    private Vocabulary() {}

    static int pick(SplittableRandom random) {
        return random.nextInt(WORDS.length);
    }

    static String word(int index) {
        return WORDS[index];
    }

    static String quoted(int index) {
        return QUOTED[index];
    }
}
