package dev.slatune.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.slatune.json.Json;
import dev.slatune.sla.BareTime;
import dev.slatune.sla.RuleException;
import dev.slatune.sla.RuleGroup;
import dev.slatune.sla.SlaRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON form of {@code --sla-params} with Jackson and hands the decoded values to
 * {@link SlaRules#fromDecoded} (the rules package stays plain Java). A JSON mistake is reported
 * as a {@link RuleException} that shows the text with a caret under the fault, since rule texts are
 * short; a key given twice in a group is an error, not "the last one wins".
 */
public final class RulesJson {

    private static final JsonFactory JSON = Json.factory();

    private RulesJson() {}

    /** The rule groups of {@code json}; every mistake is a {@link RuleException}. */
    public static List<RuleGroup> parse(String json) {
        return parse(json, BareTime.SECONDS, new ArrayList<>());
    }

    /** As {@link #parse(String)}, reading unit-less time thresholds by {@code reading}, with notes on how. */
    public static List<RuleGroup> parse(String json, BareTime reading, List<String> notes) {
        if (json == null || json.isBlank()) {
            return SlaRules.fromDecoded(null, reading, notes);
        }
        String text = json.strip();
        try (JsonParser p = JSON.createParser(text)) {
            p.nextToken();
            Object root = value(p, text);
            JsonLocation end = p.currentLocation();
            JsonToken trailing;
            try {
                trailing = p.nextToken();
            } catch (JsonProcessingException e) {
                trailing = JsonToken.NOT_AVAILABLE;
            }
            if (trailing != null) {
                throw error(text, "text after the end of the JSON value", end.getCharOffset());
            }
            return SlaRules.fromDecoded(root, reading, notes);
        } catch (JsonProcessingException e) {
            throw error(
                    text,
                    e.getOriginalMessage(),
                    e.getLocation() == null ? text.length() : e.getLocation().getCharOffset());
        } catch (IOException e) {
            throw new RuleException("--sla-params cannot be read: " + e.getMessage());
        }
    }

    /** The value at the parser's current token: lists, objects, strings, numbers, booleans or null. */
    private static Object value(JsonParser p, String text) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw error(text, "unexpected end of the text", text.length());
        }
        switch (t) {
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p, text));
                }
                return list;
            }
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    long at = p.currentTokenLocation().getCharOffset();
                    p.nextToken();
                    if (map.containsKey(key)) {
                        throw error(text, "key \"" + key + "\" appears twice in one group; put each metric once", at);
                    }
                    map.put(key, value(p, text));
                }
                return map;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default ->
                throw error(text, "unexpected " + t, p.currentTokenLocation().getCharOffset());
        }
    }

    private static RuleException error(String text, String what, long offset) {
        int at = (int) Math.max(0, Math.min(offset, text.length()));
        return new RuleException("--sla-params is not valid JSON: " + what + " at character " + (at + 1) + "\n  " + text
                + "\n  " + " ".repeat(at) + "^\nexpected a list of groups, e.g. " + SlaRules.EXAMPLE);
    }
}
