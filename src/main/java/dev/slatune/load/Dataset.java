package dev.slatune.load;

/** Where prompts come from. */
public enum Dataset {
    /** Generated text of a chosen token length, with an optional shared prefix. */
    RANDOM("random"),
    /** A text file, one prompt per line. */
    LINE_BY_LINE("line_by_line"),
    /** A JSON-lines file, each line {@code {"prompt": ...}} or {@code {"messages": [...]}}. */
    JSONL("jsonl");

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
        throw LoadException.badConfig("--dataset", "unknown dataset '" + value + "'; use random, line_by_line or jsonl");
    }

    @Override
    public String toString() {
        return flagValue;
    }
}
