package dev.slatune.load;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slatune.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Exact token counts with a HuggingFace {@code tokenizer.json}, through DJL's bindings to the Rust
 * tokenizers library (its jar bundles the native library for linux-x86_64, so nothing is fetched at
 * run time). Random text is made the way EvalScope makes it: random non-special token ids, decoded,
 * re-encoded and trimmed until the length is right. Thread-safe (the native tokenizer is).
 */
final class DjlTokenCounter implements TokenCounter {

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;
    private final Set<Long> special;
    private final String name;

    private DjlTokenCounter(HuggingFaceTokenizer tokenizer, int vocabSize, Set<Long> special, String name) {
        this.tokenizer = tokenizer;
        this.vocabSize = vocabSize;
        this.special = special;
        this.name = name;
    }

    /** Loads {@code tokenizer.json}; {@code name} is what the user asked for (for messages). */
    static DjlTokenCounter load(Path tokenizerJson, String name) {
        JsonNode root;
        try {
            root = Json.plain().readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw LoadException.badConfig(
                    "--tokenizer-path", "cannot read " + tokenizerJson + ": " + e.getMessage(), e);
        }
        JsonNode vocab = root.path("model").path("vocab");
        int size = vocab.size();
        Set<Long> special = new HashSet<>();
        for (JsonNode t : root.path("added_tokens")) {
            if (t.path("special").asBoolean(true)) {
                special.add(t.path("id").asLong());
            }
        }
        if (size <= special.size()) {
            throw LoadException.badConfig("--tokenizer-path", tokenizerJson + " has no usable vocabulary");
        }
        HuggingFaceTokenizer tok;
        try {
            tok = HuggingFaceTokenizer.newInstance(
                    tokenizerJson, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw LoadException.badConfig(
                    "--tokenizer-path",
                    "cannot load " + tokenizerJson
                            + " with the HuggingFace tokenizers library (" + e + "); omit --tokenizer-path to use the "
                            + "approximation of 4 bytes per token",
                    e);
        }
        return new DjlTokenCounter(tok, size, special, name);
    }

    @Override
    public int count(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public String randomText(int tokens, SplittableRandom random) {
        long[] ids = randomIds(tokens, random);
        String text = tokenizer.decode(ids, true);
        // Decoding and re-encoding merges or splits tokens: trim or top up until the count is right.
        for (int i = 0; i < 8; i++) {
            long[] again = tokenizer.encode(text, false, false).getIds();
            if (again.length == tokens) {
                return text;
            }
            if (again.length > tokens) {
                text = tokenizer.decode(Arrays.copyOf(again, tokens), true);
            } else {
                long[] more = Arrays.copyOf(again, tokens);
                long[] extra = randomIds(tokens - again.length, random);
                System.arraycopy(extra, 0, more, again.length, extra.length);
                text = tokenizer.decode(more, true);
            }
        }
        return text;
    }

    private long[] randomIds(int n, SplittableRandom random) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            long id;
            do {
                id = random.nextInt(vocabSize);
            } while (special.contains(id));
            ids[i] = id;
        }
        return ids;
    }

    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public String describe() {
        return "tokenizer " + name;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Opens a tokenizer as the user named it, via {@code resolver}; null name means the approximation. */
    static TokenCounter open(String tokenizerPath, TokenizerResolver resolver) {
        if (tokenizerPath == null || tokenizerPath.isBlank()) {
            return new ApproximateTokenCounter();
        }
        Path file = resolver.resolve(tokenizerPath);
        if (!Files.isRegularFile(file)) {
            throw LoadException.badConfig("--tokenizer-path", file + " is not a file");
        }
        return load(file, tokenizerPath);
    }
}
