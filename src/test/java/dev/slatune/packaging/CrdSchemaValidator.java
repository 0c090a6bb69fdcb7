package dev.slatune.packaging;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a value against a CRD's structural OpenAPI v3 schema the way the API server would,
 * over the subset of keywords CRDs use: types, required, enum, bounds (with the boolean
 * exclusiveMinimum/Maximum of OpenAPI 3.0), lengths, patterns, item counts, maps
 * (additionalProperties), anyOf, nullable and the x-kubernetes int-or-string and
 * preserve-unknown-fields extensions. Unlike the API server, which prunes unknown fields
 * silently, it reports them: in an example they are typos. A keyword it does not know fails the
 * validation, so a richer CRD can never be waved through unchecked.
 */
final class CrdSchemaValidator {

    static final Set<String> KNOWN = Set.of(
            "type",
            "description",
            "properties",
            "required",
            "items",
            "additionalProperties",
            "enum",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "pattern",
            "minItems",
            "maxItems",
            "format",
            "nullable",
            "anyOf",
            "default",
            "x-kubernetes-int-or-string",
            "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-list-type",
            "x-kubernetes-list-map-keys",
            "x-kubernetes-map-type",
            "x-kubernetes-embedded-resource");

    private CrdSchemaValidator() {}

    /** Every violation of {@code value} against {@code schema}, each naming its path; empty when valid. */
    static List<String> validate(Object value, Map<String, Object> schema) {
        List<String> errors = new ArrayList<>();
        check(value, schema, "", errors);
        return errors;
    }

    @SuppressWarnings("unchecked")
    private static void check(Object value, Map<String, Object> schema, String path, List<String> errors) {
        for (String keyword : schema.keySet()) {
            if (!KNOWN.contains(keyword)) {
                errors.add(at(path) + "schema keyword '" + keyword + "' is not supported by this validator");
            }
        }
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                errors.add(at(path) + "must not be null");
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(isInteger(value) || value instanceof String)) {
                errors.add(at(path) + "must be an integer or a string, got " + describe(value));
            }
            return;
        }
        if (schema.containsKey("anyOf")) {
            List<Map<String, Object>> options = (List<Map<String, Object>>) schema.get("anyOf");
            if (options.stream().noneMatch(o -> validate(value, o).isEmpty())) {
                errors.add(at(path) + "matches none of anyOf " + options);
            }
        }
        String type = (String) schema.get("type");
        if (type != null && !hasType(value, type)) {
            errors.add(at(path) + "must be " + type + ", got " + describe(value));
            return;
        }
        if (schema.containsKey("enum") && !((List<Object>) schema.get("enum")).contains(value)) {
            errors.add(at(path) + "must be one of " + schema.get("enum") + ", got " + describe(value));
        }
        if (value instanceof Number n) {
            bounds(new BigDecimal(n.toString()), schema, path, errors);
        } else if (value instanceof String s) {
            strings(s, schema, path, errors);
        } else if (value instanceof List<?> list) {
            items(list, schema, path, errors);
        } else if (value instanceof Map<?, ?> map) {
            object((Map<String, Object>) map, schema, path, errors);
        }
    }

    @SuppressWarnings("unchecked")
    private static void object(Map<String, Object> map, Map<String, Object> schema, String path, List<String> errors) {
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
            if (!map.containsKey(required)) {
                errors.add(at(path + "." + required) + "is required");
            }
        }
        Object additional = schema.get("additionalProperties");
        boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String child = path + "." + e.getKey();
            if (properties != null && properties.containsKey(e.getKey())) {
                check(e.getValue(), properties.get(e.getKey()), child, errors);
            } else if (additional instanceof Map<?, ?> valueSchema) {
                check(e.getValue(), (Map<String, Object>) valueSchema, child, errors);
            } else if (!preserve && !Boolean.TRUE.equals(additional)) {
                errors.add(at(child) + "is not a field of the schema"
                        + (properties == null ? "" : " (fields: " + properties.keySet() + ")"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void items(List<?> list, Map<String, Object> schema, String path, List<String> errors) {
        if (schema.get("minItems") instanceof Number min && list.size() < min.intValue()) {
            errors.add(at(path) + "must have at least " + min + " items");
        }
        if (schema.get("maxItems") instanceof Number max && list.size() > max.intValue()) {
            errors.add(at(path) + "must have at most " + max + " items");
        }
        if (schema.get("items") instanceof Map<?, ?> itemSchema) {
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), (Map<String, Object>) itemSchema, path + "[" + i + "]", errors);
            }
        }
    }

    private static void strings(String s, Map<String, Object> schema, String path, List<String> errors) {
        if (schema.get("minLength") instanceof Number min && s.length() < min.intValue()) {
            errors.add(at(path) + "must be at least " + min + " characters");
        }
        if (schema.get("maxLength") instanceof Number max && s.length() > max.intValue()) {
            errors.add(at(path) + "must be at most " + max + " characters");
        }
        if (schema.get("pattern") instanceof String p
                && !Pattern.compile(p).matcher(s).find()) {
            errors.add(at(path) + "must match " + p + ", got \"" + s + "\"");
        }
    }

    private static void bounds(BigDecimal v, Map<String, Object> schema, String path, List<String> errors) {
        if (schema.get("minimum") instanceof Number min) {
            int c = v.compareTo(new BigDecimal(min.toString()));
            boolean exclusive = Boolean.TRUE.equals(schema.get("exclusiveMinimum"));
            if (c < 0 || (exclusive && c == 0)) {
                errors.add(at(path) + "must be " + (exclusive ? "> " : ">= ") + min + ", got " + v);
            }
        }
        if (schema.get("maximum") instanceof Number max) {
            int c = v.compareTo(new BigDecimal(max.toString()));
            boolean exclusive = Boolean.TRUE.equals(schema.get("exclusiveMaximum"));
            if (c > 0 || (exclusive && c == 0)) {
                errors.add(at(path) + "must be " + (exclusive ? "< " : "<= ") + max + ", got " + v);
            }
        }
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "integer" -> isInteger(value);
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            default -> false;
        };
    }

    private static boolean isInteger(Object value) {
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof java.math.BigInteger) {
            return true;
        }
        // YAML 3.0 parses as a double; the API server takes a float with no fraction as an integer.
        return value instanceof Number n
                && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : value.getClass().getSimpleName() + " " + value;
    }

    private static String at(String path) {
        return (path.isEmpty() ? "<root>" : path.substring(1)) + ": ";
    }
}
