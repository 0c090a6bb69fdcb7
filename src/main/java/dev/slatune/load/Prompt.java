package dev.slatune.load;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One prompt to send.
 *
 * @param text the prompt text (the user message in chat, the prompt in completions); for a
 *     {@code messages} prompt, the messages' contents joined (used by the completions API)
 * @param messages a chat {@code messages} array from a jsonl dataset, or null
 * @param tokens the prompt's length in tokens as far as the client knows (exact with a tokenizer)
 */
public record Prompt(String text, JsonNode messages, int tokens) {}
