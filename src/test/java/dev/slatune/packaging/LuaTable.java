package dev.slatune.packaging;

import java.util.List;
import java.util.Map;

/**
 * Writes JSON-like Java values (maps, lists, strings, numbers, booleans) as a Lua table
 * constructor, the shape Argo CD hands a health script as {@code obj}.
 */
final class LuaTable {

    private LuaTable() {}

    static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("nil");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            map.forEach((k, v) -> {
                out.append('[');
                string(k.toString(), out);
                out.append("]=");
                write(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('{');
            list.forEach(v -> {
                write(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('"');
    }
}
