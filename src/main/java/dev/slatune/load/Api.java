package dev.slatune.load;

/** The request format spoken to the target. */
public enum Api {
    /** OpenAI chat completions ({@code /v1/chat/completions}): {@code messages} in, {@code delta.content} out. */
    OPENAI("openai"),
    /** OpenAI legacy completions ({@code /v1/completions}): {@code prompt} in, {@code text} out. */
    OPENAI_COMPLETIONS("openai-completions");

    private final String flagValue;

    Api(String flagValue) {
        this.flagValue = flagValue;
    }

    /** The value as given to {@code --api}. */
    public String flagValue() {
        return flagValue;
    }

    /** Parses a {@code --api} value. */
    public static Api ofFlag(String value) {
        for (Api a : values()) {
            if (a.flagValue.equalsIgnoreCase(value) || a.name().equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw LoadException.badConfig("--api", "unknown API '" + value + "'; use openai or openai-completions");
    }

    @Override
    public String toString() {
        return flagValue;
    }
}
