package dev.slatune.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slatune.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompts from a file, in order, wrapping around: {@code line_by_line} and {@code custom} (one prompt
 * per non-blank line), {@code jsonl} ({@code {"prompt": "..."}} or {@code {"messages": [...]}} per line) or
 * {@code openqa} ({@code {"question": "..."}} per line, EvalScope's format). Run
 * {@code r} starts {@code r * perRun} prompts in, so repeated runs send prompts the server has not
 * just cached (as long as the file holds enough of them).
 */
final class FilePromptSource implements PromptSource {

    private final List<Prompt> prompts;
    private long next;

    private FilePromptSource(List<Prompt> prompts, long start) {
        this.prompts = prompts;
        this.next = start;
    }

    /**
     * Reads {@code path}.
     *
     * @param perRun requests one run is expected to send (the offset between runs)
     */
    static FilePromptSource open(Dataset dataset, Path path, TokenCounter counter, int run, long perRun) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw LoadException.badConfig("--dataset-path", "cannot read " + path + ": " + e.getMessage(), e);
        }
        List<Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            prompts.add(
                    switch (dataset) {
                        case JSONL -> jsonlPrompt(line, path, i + 1, counter);
                        case OPENQA -> openqaPrompt(line, path, i + 1, counter);
                        default -> new Prompt(line.strip(), null, counter.count(line.strip()));
                    });
        }
        if (prompts.isEmpty()) {
            throw LoadException.badConfig("--dataset-path", path + " holds no prompt");
        }
        return new FilePromptSource(prompts, Math.floorMod((long) run * Math.max(1, perRun), prompts.size()));
    }

    /** EvalScope's openqa line: {@code {"question": "..."}}, the question stripped (as EvalScope does). */
    private static Prompt openqaPrompt(String line, Path path, int lineNo, TokenCounter counter) {
        JsonNode node;
        try {
            node = Json.plain().readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw LoadException.badConfig(
                    "--dataset-path", path + ":" + lineNo + " is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode q = node == null ? null : node.get("question");
        if (q == null || !q.isTextual()) {
            throw LoadException.badConfig(
                    "--dataset-path",
                    path + ":" + lineNo
                            + ": --dataset openqa expects {\"question\": \"...\"} per line (HC3 open_qa.jsonl)");
        }
        String text = q.textValue().strip();
        return new Prompt(text, null, counter.count(text));
    }

    private static Prompt jsonlPrompt(String line, Path path, int lineNo, TokenCounter counter) {
        JsonNode node;
        try {
            node = Json.plain().readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw LoadException.badConfig(
                    "--dataset-path", path + ":" + lineNo + " is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode prompt = node.get("prompt");
        if (prompt != null && prompt.isTextual()) {
            return new Prompt(prompt.textValue(), null, counter.count(prompt.textValue()));
        }
        JsonNode messages = node.get("messages");
        if (messages != null && messages.isArray() && !messages.isEmpty()) {
            StringBuilder all = new StringBuilder();
            for (JsonNode m : messages) {
                JsonNode c = m.get("content");
                if (c == null || !c.isTextual()) {
                    throw LoadException.badConfig(
                            "--dataset-path", path + ":" + lineNo + ": every message needs a string \"content\"");
                }
                all.append(all.length() == 0 ? "" : "\n").append(c.textValue());
            }
            return new Prompt(all.toString(), messages, counter.count(all.toString()));
        }
        throw LoadException.badConfig(
                "--dataset-path", path + ":" + lineNo + ": expected {\"prompt\": \"...\"} or {\"messages\": [...]}");
    }

    @Override
    public synchronized Prompt next() {
        Prompt p = prompts.get((int) (next % prompts.size()));
        next++;
        return p;
    }
}
