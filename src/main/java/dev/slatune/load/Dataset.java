package dev.slatune.load;

/** Where prompts come from. */
public enum Dataset {
    /** Generated text of a chosen token length, with an optional shared prefix. */
    RANDOM("random"),
    /** A text file, one prompt per line. */
    LINE_BY_LINE("line_by_line"),
    /** A JSON-lines file, each line {@code {"prompt": ...}} or {@code {"messages": [...]}}. */
    JSONL("jsonl"),
    /** EvalScope's {@code openqa}: a JSON-lines file, each line {@code {"question": ...}} (HC3 open_qa.jsonl). */
    OPENQA("openqa"),
    /** EvalScope's {@code custom}: a text file, one prompt per line (as line_by_line). */
    CUSTOM("custom");

    /** EvalScope datasets that are downloaded from a hub or need images, with what they hold. */
    static final java.util.Map<String, String> EVALSCOPE_HUB_DATASETS = java.util.Map.of(
            "longalpaca", "LongAlpaca-12k long prompts from ModelScope",
            "share_gpt_zh_multi_turn", "ShareGPT multi-turn conversations, a multi-turn mode slatune does not have",
            "share_gpt_en_multi_turn", "ShareGPT multi-turn conversations, a multi-turn mode slatune does not have",
            "flickr8k", "images for vision models",
            "kontext_bench", "images for vision models",
            "random_vl", "random images for vision models",
            "speed_benchmark", "fixed prompt lengths for local inference",
            "random_multi_turn", "generated multi-turn conversations, a multi-turn mode slatune does not have",
            "gsm8k", "GSM8K questions from ModelScope",
            "swe_smith", "SWE-smith agent traces");

    private final String flagValue;

    Dataset(String flagValue) {
        this.flagValue = flagValue;
    }

    /** The value as given to {@code --dataset}. */
    public String flagValue() {
        return flagValue;
    }

    /** Parses a {@code --dataset} value. */
    public static Dataset ofFlag(String value) {
        for (Dataset d : values()) {
            if (d.flagValue.equalsIgnoreCase(value) || d.name().equalsIgnoreCase(value)) {
                return d;
            }
        }
        String hub = EVALSCOPE_HUB_DATASETS.get(value.toLowerCase(java.util.Locale.ROOT));
        if (hub != null) {
            throw LoadException.badConfig(
                    "--dataset",
                    "'" + value + "' is one of EvalScope's hub datasets (" + hub
                            + "); slatune downloads no data sets: use --dataset random, or download the file yourself and "
                            + "pass it with --dataset line_by_line|jsonl|openqa --dataset-path FILE");
        }
        throw LoadException.badConfig(
                "--dataset",
                "unknown dataset '" + value
                        + "'; use random, openqa, line_by_line, custom or jsonl (the last four with --dataset-path FILE)");
    }

    @Override
    public String toString() {
        return flagValue;
    }
}
