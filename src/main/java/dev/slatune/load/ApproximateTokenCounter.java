package dev.slatune.load;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The documented approximation used when no tokenizer is configured: <b>one token per 4 bytes of
 * UTF-8 text</b> (rounded up), OpenAI's rule of thumb for English. Random prompts are made of
 * common three-letter English words each preceded by a space (" the", " cat", ...): 4 bytes each,
 * and a single token in the BPE vocabularies of GPT-2/4, Llama 3 and Qwen 2, so for generated
 * prompts the count is close to exact; for arbitrary dataset text it is an estimate. Servers that
 * report {@code usage.prompt_tokens} override it in the results.
 */
public final class ApproximateTokenCounter implements TokenCounter {

    static final String[] WORDS = ("the and for are but not you all any can had her was one our out day get has him "
                    + "his how man new now old see two way who boy did its let put say she too use act add age ago air arm "
                    + "art ask bad bag bar bed big bit box bus buy car cat cup cut dog dry eat end eye far few fix fly fun "
                    + "gas gun guy hat hit hot ice job key kid law lay leg lie lot low map mix net nor odd off oil own pay "
                    + "per pen pet pop red run sea set sit six sky son sun tax tea ten tie top toy try war wet win yes yet")
            .split(" ");

    @Override
    public int count(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return (bytes + 3) / 4;
    }

    @Override
    public String randomText(int tokens, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(tokens * 4);
        for (int i = 0; i < tokens; i++) {
            sb.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    @Override
    public boolean exact() {
        return false;
    }

    @Override
    public String describe() {
        return "approximate token counts (4 bytes of text per token; no --tokenizer-path)";
    }
}
