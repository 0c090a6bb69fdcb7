package dev.slatune.simulator;

/**
 * Renders responses exactly as vLLM's OpenAI-compatible server writes them (field order, nulls,
 * separators), for one request. The recorded examples under src/test/resources/vllm pin the shapes:
 * chat chunks carry {@code logprobs:null} and no usage key, the chunk that ends a generation adds
 * {@code stop_reason:null}; completions chunks carry {@code stop_reason} and {@code usage:null}
 * throughout; the usage chunk has empty {@code choices}.
 */
final class WireFormat {

    private final boolean chat;
    private final String head;
    private final String contentOpen;
    private final String roleContentOpen;
    private final String contentClose;

    WireFormat(Endpoint endpoint, String id, long created, String model) {
        this.chat = endpoint == Endpoint.CHAT;
        this.head =
                "{\"id\":" + Json.quote(id) + ",\"object\":\"" + (chat ? "chat.completion.chunk" : "text_completion")
                        + "\",\"created\":" + created + ",\"model\":" + Json.quote(model) + ",\"choices\":";
        this.contentOpen =
                "data: " + head + (chat ? "[{\"index\":0,\"delta\":{\"content\":" : "[{\"index\":0,\"text\":");
        this.roleContentOpen =
                chat ? "data: " + head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":" : contentOpen;
        this.contentClose = chat
                ? "},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                : ",\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}],\"usage\":null}\n\n";
    }

    /** The chat stream's first chunk: the role with empty content (completions have none). */
    void roleChunk(StringBuilder out) {
        if (chat) {
            out.append("data: ")
                    .append(head)
                    .append("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
                            + "\"finish_reason\":null}]}\n\n");
        }
    }

    /**
     * A content chunk carrying one token, not the last one; {@code withRole} adds the role to the
     * delta, for servers that send no role-only chunk.
     */
    void tokenChunk(StringBuilder out, String quotedText, boolean withRole) {
        out.append(withRole ? roleContentOpen : contentOpen).append(quotedText).append(contentClose);
    }

    /** A content chunk carrying one token, not the last one. */
    void tokenChunk(StringBuilder out, String quotedText) {
        tokenChunk(out, quotedText, false);
    }

    /**
     * Chunks that carry no text: chat sends one with {@code "content":""} and one with
     * {@code "content":null} (as llama.cpp, TGI and proxies do between tokens), completions one with
     * {@code "text":""}.
     */
    void emptyChunks(StringBuilder out) {
        out.append(contentOpen).append("\"\"").append(contentClose);
        if (chat) {
            out.append(contentOpen).append("null").append(contentClose);
        }
    }

    /**
     * The chunk that ends the generation: the last token's text (empty for an end-of-sequence token).
     *
     * @param withRole add the role to the delta (no role-only chunk was sent)
     * @param usage when not null, the usage object goes on this chunk (as llama.cpp and TGI place it)
     */
    void finalChunk(StringBuilder out, String quotedText, FinishReason finish, boolean withRole, int[] usage) {
        out.append(withRole ? roleContentOpen : contentOpen).append(quotedText);
        if (chat) {
            out.append("},\"logprobs\":null,\"finish_reason\":\"")
                    .append(finish.wire)
                    .append("\",\"stop_reason\":null}]");
            if (usage != null) {
                appendUsage(out.append(','), usage[0], usage[1]);
            }
            out.append("}\n\n");
        } else {
            out.append(",\"logprobs\":null,\"finish_reason\":\"")
                    .append(finish.wire)
                    .append("\",\"stop_reason\":null}],");
            if (usage != null) {
                appendUsage(out, usage[0], usage[1]);
            } else {
                out.append("\"usage\":null");
            }
            out.append("}\n\n");
        }
    }

    /** The chunk that ends the generation, vLLM's way. */
    void finalChunk(StringBuilder out, String quotedText, FinishReason finish) {
        finalChunk(out, quotedText, finish, false, null);
    }

    /** The usage chunk sent when stream_options.include_usage is set. */
    void usageChunk(StringBuilder out, int promptTokens, int completionTokens) {
        out.append("data: ").append(head).append("[],");
        appendUsage(out, promptTokens, completionTokens);
        out.append("}\n\n");
    }

    private static void appendUsage(StringBuilder out, int promptTokens, int completionTokens) {
        out.append("\"usage\":{\"prompt_tokens\":")
                .append(promptTokens)
                .append(",\"total_tokens\":")
                .append(promptTokens + completionTokens)
                .append(",\"completion_tokens\":")
                .append(completionTokens)
                .append('}');
    }

    /** An SSE comment line: clients must ignore it (keep-alive pings of sse-starlette, TGI, proxies). */
    static void ping(StringBuilder out) {
        out.append(": ping\n\n");
    }

    static void done(StringBuilder out) {
        out.append("data: [DONE]\n\n");
    }

    /** The whole non-streaming body. */
    static String completeBody(
            Endpoint endpoint,
            String id,
            long created,
            String model,
            String text,
            FinishReason finish,
            int promptTokens,
            int completionTokens) {
        StringBuilder sb = new StringBuilder(256 + text.length());
        sb.append("{\"id\":")
                .append(Json.quote(id))
                .append(",\"object\":\"")
                .append(endpoint == Endpoint.CHAT ? "chat.completion" : "text_completion")
                .append("\",\"created\":")
                .append(created)
                .append(",\"model\":")
                .append(Json.quote(model))
                .append(",\"choices\":[{\"index\":0,");
        if (endpoint == Endpoint.CHAT) {
            sb.append("\"message\":{\"role\":\"assistant\",\"reasoning_content\":null,\"content\":");
            Json.appendQuoted(sb, text);
            sb.append(",\"tool_calls\":[]},\"logprobs\":null,\"finish_reason\":\"")
                    .append(finish.wire)
                    .append("\",\"stop_reason\":null}]");
        } else {
            sb.append("\"text\":");
            Json.appendQuoted(sb, text);
            sb.append(",\"logprobs\":null,\"finish_reason\":\"")
                    .append(finish.wire)
                    .append("\",\"stop_reason\":null,\"prompt_logprobs\":null}]");
        }
        sb.append(",\"usage\":{\"prompt_tokens\":")
                .append(promptTokens)
                .append(",\"total_tokens\":")
                .append(promptTokens + completionTokens)
                .append(",\"completion_tokens\":")
                .append(completionTokens)
                .append(",\"prompt_tokens_details\":null}");
        sb.append(endpoint == Endpoint.CHAT ? ",\"prompt_logprobs\":null}" : ",\"kv_transfer_params\":null}");
        return sb.toString();
    }
}
