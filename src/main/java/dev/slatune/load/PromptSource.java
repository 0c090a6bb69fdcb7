package dev.slatune.load;

/** An endless, thread-safe supply of prompts for one run. */
public interface PromptSource {

    /** The next prompt. */
    Prompt next();
}
