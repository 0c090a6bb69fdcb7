package dev.slatune.load;

import dev.slatune.metrics.ErrorKind;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one reply chunk that {@link ReplyAccumulator} uses straight from its UTF-8
 * bytes, without a parser object or strings: this runs for every token of every reply, and building a
 * Jackson parser per event was about half of all the bytes the engine allocated per streamed request
 * (bench/RESULTS.md, issue 17).
 *
 * <p>Exact by construction: it accepts only strict JSON (RFC 8259, well-formed UTF-8, nesting and
 * sizes far inside Jackson's limits), which Jackson reads the same way, and it <em>declines</em>
 * ({@link #scan} returns false, nothing recorded) whenever the chunk holds anything it does not read
 * itself: malformed or unusual JSON, an {@code error} member, {@code "object": "error"}, escaped field
 * names or values it compares, non-empty tool calls, integers that may not fit an int. The caller
 * then reads that chunk with Jackson, so rare shapes and every failure keep one implementation.
 * Not thread-safe; one per reply.
 */
final class ChunkScanner {

    /** Larger chunks go to Jackson (whose string limit is 20 MB). */
    static final int MAX_LENGTH = 8 << 20;
    /** Deeper nesting goes to Jackson (whose limit is 500 or more). */
    static final int MAX_DEPTH = 64;
    /** Longer numbers go to Jackson (whose limit is 1000 digits). */
    static final int MAX_NUMBER = 100;

    private static final byte[] ERROR = ascii("error");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] OBJECT = ascii("object");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] CONTENT = ascii("content");
    private static final byte[] STOP = ascii("stop");
    private static final byte[] CHOICES = ascii("choices");
    private static final byte[] TEXT = ascii("text");
    private static final byte[] FINISH_REASON = ascii("finish_reason");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] REASONING_CONTENT = ascii("reasoning_content");
    private static final byte[] REASONING = ascii("reasoning");
    private static final byte[] TOOL_CALLS = ascii("tool_calls");
    private static final byte[] FUNCTION_CALL = ascii("function_call");
    private static final byte[] COMPLETION_TOKENS = ascii("completion_tokens");
    private static final byte[] PROMPT_TOKENS = ascii("prompt_tokens");
    private static final byte[] PROMPT_TOKENS_DETAILS = ascii("prompt_tokens_details");
    private static final byte[] CACHED_TOKENS = ascii("cached_tokens");
    private static final byte[] ABORT = ascii("abort");

    /** Thrown (preallocated, no stack) when the chunk is left to Jackson. */
    private static final RuntimeException DECLINE = new RuntimeException("left to Jackson", null, false, false) {};

    // What the last successful scan found (see ReplyAccumulator for their meaning).
    /** A content-bearing field was non-empty. */
    boolean content;
    /** usage.completion_tokens, when {@link #hasCompletionTokens}. */
    int completionTokens;

    boolean hasCompletionTokens;
    /** usage.prompt_tokens, when {@link #hasPromptTokens}. */
    int promptTokens;

    boolean hasPromptTokens;
    /** usage.prompt_tokens_details.cached_tokens, when {@link #hasCachedTokens}. */
    int cachedTokens;

    boolean hasCachedTokens;
    /** A top-level {@code "stop": true} (llama.cpp native). */
    boolean nativeStop;
    /** The last finish_reason that was abort or error, else null. */
    ErrorKind badFinish;
    /** A choice carried another finish_reason. */
    boolean finished;
    /** The last top-level string {@code message}, else null. */
    String message;

    private byte[] d;
    private int pos;
    private int end;
    private byte[] part;
    // The last string read: its raw bytes between the quotes, and whether it held an escape.
    private int strStart;
    private int strEnd;
    private boolean escaped;
    // The last number read: whether it had a fraction or exponent; its value when it is an integer of at most 9 digits.
    private boolean isFloat;
    private boolean intFits;
    private int intValue;

    /**
     * Scans one chunk. {@code stream} selects {@code choices[].delta} (true) or {@code choices[].message}.
     *
     * @return true with the fields set; false when the chunk must be read by Jackson (fields undefined)
     */
    boolean scan(byte[] data, int offset, int length, boolean stream) {
        if (length > MAX_LENGTH) {
            return false;
        }
        d = data;
        pos = offset;
        end = offset + length;
        part = stream ? DELTA : MESSAGE;
        content = false;
        hasCompletionTokens = false;
        hasPromptTokens = false;
        hasCachedTokens = false;
        nativeStop = false;
        badFinish = null;
        finished = false;
        message = null;
        try {
            root();
            return true;
        } catch (RuntimeException e) {
            if (e != DECLINE) {
                throw e;
            }
            return false;
        } finally {
            d = null;
        }
    }

    private void root() {
        ws();
        expect('{');
        for (boolean first = true; nextName(first); first = false) {
            if (is(ERROR)) {
                // null or false says "no error"; anything else is an error, read by Jackson.
                if (peek() == 'n') {
                    literal("null");
                } else if (peek() == 'f') {
                    literal("false");
                } else {
                    throw DECLINE;
                }
            } else if (is(MESSAGE) && peek() == '"') {
                string();
                if (escaped) {
                    throw DECLINE;
                }
                message = new String(d, strStart, strEnd - strStart, StandardCharsets.UTF_8);
            } else if (is(OBJECT) && peek() == '"') {
                string();
                if (escaped || equalsString(ERROR)) {
                    throw DECLINE;
                }
            } else if (is(USAGE) && peek() == '{') {
                usage();
            } else if (is(CONTENT)) {
                content |= nonEmptyString(1);
            } else if (is(STOP) && peek() == 't') {
                literal("true");
                nativeStop = true;
            } else if (is(CHOICES) && peek() == '[') {
                pos++;
                for (boolean first2 = true; nextElement(first2); first2 = false) {
                    if (peek() != '{') {
                        throw DECLINE; // Jackson's reading stops at a non-object choice: leave it the oddity
                    }
                    choice();
                }
            } else {
                skipValue(1);
            }
        }
    }

    private void choice() {
        pos++; // the '{'
        for (boolean first = true; nextName(first); first = false) {
            if (is(TEXT)) {
                content |= nonEmptyString(3);
            } else if (is(FINISH_REASON) && peek() == '"') {
                string();
                if (escaped) {
                    throw DECLINE;
                }
                if (equalsString(ABORT)) {
                    badFinish = ErrorKind.ABORTED;
                } else if (equalsString(ERROR)) {
                    badFinish = ErrorKind.FINISH_ERROR;
                } else {
                    finished = true;
                }
            } else if (is(part) && peek() == '{') {
                delta();
            } else {
                skipValue(3);
            }
        }
    }

    private void delta() {
        pos++; // the '{'
        for (boolean first = true; nextName(first); first = false) {
            if (is(CONTENT) || is(REASONING_CONTENT) || is(REASONING)) {
                content |= nonEmptyString(4);
            } else if (is(TOOL_CALLS) || is(FUNCTION_CALL)) {
                byte c = peek();
                if (c == '{') {
                    throw DECLINE; // a tool call: Jackson reads it
                } else if (c == '[') {
                    pos++;
                    ws();
                    if (peek() != ']') {
                        throw DECLINE;
                    }
                    pos++; // "tool_calls": [] (TensorRT-LLM, every chunk) bears nothing
                } else {
                    skipValue(4); // null or a scalar bears nothing
                }
            } else {
                skipValue(4);
            }
        }
    }

    private void usage() {
        pos++; // the '{'
        for (boolean first = true; nextName(first); first = false) {
            if (is(COMPLETION_TOKENS)) {
                if (intMember(2)) {
                    completionTokens = intValue;
                    hasCompletionTokens = true;
                }
            } else if (is(PROMPT_TOKENS)) {
                if (intMember(2)) {
                    promptTokens = intValue;
                    hasPromptTokens = true;
                }
            } else if (is(PROMPT_TOKENS_DETAILS) && peek() == '{') {
                pos++;
                for (boolean first2 = true; nextName(first2); first2 = false) {
                    if (is(CACHED_TOKENS)) {
                        if (intMember(3)) {
                            cachedTokens = intValue;
                            hasCachedTokens = true;
                        }
                    } else {
                        skipValue(3);
                    }
                }
            } else {
                skipValue(2);
            }
        }
    }

    /** Reads a member value; true when it is an integer (its value in {@link #intValue}). */
    private boolean intMember(int depth) {
        byte c = peek();
        if (c == '-' || (c >= '0' && c <= '9')) {
            number();
            if (isFloat) {
                return false;
            }
            if (!intFits) {
                throw DECLINE; // too long to be sure it fits an int: Jackson decides
            }
            return true;
        }
        skipValue(depth);
        return false;
    }

    /** Reads a member value; true when it is a non-empty string (a raw non-empty string decodes non-empty). */
    private boolean nonEmptyString(int depth) {
        if (peek() != '"') {
            skipValue(depth);
            return false;
        }
        string();
        return strEnd > strStart;
    }

    // ---- strict JSON ----

    /** After '{' (or a member): true with the name read and the value next, false after the closing '}'. */
    private boolean nextName(boolean first) {
        ws();
        byte c = at(pos++);
        if (c == '}') {
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw DECLINE;
            }
            ws();
            c = at(pos++);
        }
        if (c != '"') {
            throw DECLINE;
        }
        pos--;
        string();
        if (escaped) {
            throw DECLINE; // an escaped name may spell one we read
        }
        ws();
        expect(':');
        ws();
        return true;
    }

    /** After '[' (or an element): true with the element next, false after the closing ']'. */
    private boolean nextElement(boolean first) {
        ws();
        if (first) {
            if (at(pos) == ']') {
                pos++;
                return false;
            }
            return true;
        }
        byte c = at(pos++);
        if (c == ']') {
            return false;
        }
        if (c != ',') {
            throw DECLINE;
        }
        ws();
        return true;
    }

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw DECLINE;
        }
        byte c = peek();
        switch (c) {
            case '"' -> string();
            case '{' -> {
                pos++;
                for (boolean first = true; nextName(first); first = false) {
                    skipValue(depth + 1);
                }
            }
            case '[' -> {
                pos++;
                for (boolean first = true; nextElement(first); first = false) {
                    skipValue(depth + 1);
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw DECLINE;
                }
            }
        }
    }

    /** A string at {@code pos} (on its quote): sets strStart/strEnd/escaped; checks escapes and UTF-8. */
    private void string() {
        byte[] a = d;
        int e = end;
        int i = pos + 1;
        strStart = i;
        escaped = false;
        while (i < e) {
            byte b = a[i];
            if (b == '"') {
                strEnd = i;
                pos = i + 1;
                return;
            }
            if (b >= 0x20 && b != '\\') {
                i++; // plain ASCII, the common case (bytes of multi-byte characters are negative)
                continue;
            }
            pos = i;
            if (b == '\\') {
                escaped = true;
                escape();
            } else if (b >= 0) {
                throw DECLINE; // a raw control character
            } else {
                utf8(b & 0xFF);
            }
            i = pos;
        }
        throw DECLINE;
    }

    private void escape() {
        byte c = at(pos + 1);
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos += 2;
            case 'u' -> {
                for (int i = 2; i < 6; i++) {
                    if (!isHex(at(pos + i))) {
                        throw DECLINE;
                    }
                }
                pos += 6;
            }
            default -> throw DECLINE;
        }
    }

    /** One well-formed UTF-8 sequence (no overlong forms, surrogates or code points past U+10FFFF). */
    private void utf8(int lead) {
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            n = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            n = 2;
            if (lead == 0xE0) {
                lo = 0xA0;
            } else if (lead == 0xED) {
                hi = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            n = 3;
            if (lead == 0xF0) {
                lo = 0x90;
            } else if (lead == 0xF4) {
                hi = 0x8F;
            }
        } else {
            throw DECLINE;
        }
        int second = at(pos + 1) & 0xFF;
        if (second < lo || second > hi) {
            throw DECLINE;
        }
        for (int i = 2; i <= n; i++) {
            if ((at(pos + i) & 0xC0) != 0x80) {
                throw DECLINE;
            }
        }
        pos += n + 1;
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? at pos; sets intValue, intFits and isFloat. */
    private void number() {
        int start = pos;
        boolean negative = at(pos) == '-';
        if (negative) {
            pos++;
        }
        int digitsStart = pos;
        byte c = at(pos);
        if (c == '0') {
            pos++;
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw DECLINE;
        }
        int digits = pos - digitsStart;
        isFloat = false;
        if (pos < end && d[pos] == '.') {
            pos++;
            digitsAtLeastOne();
            isFloat = true;
        }
        if (pos < end && (d[pos] == 'e' || d[pos] == 'E')) {
            pos++;
            if (at(pos) == '+' || d[pos] == '-') {
                pos++;
            }
            digitsAtLeastOne();
            isFloat = true;
        }
        if (pos - start > MAX_NUMBER) {
            throw DECLINE;
        }
        intFits = !isFloat && digits <= 9; // 9 digits always fit an int
        if (intFits) {
            int v = 0;
            for (int i = digitsStart; i < digitsStart + digits; i++) {
                v = v * 10 + (d[i] - '0');
            }
            intValue = negative ? -v : v;
        }
    }

    private void digitsAtLeastOne() {
        byte c = at(pos);
        if (c < '0' || c > '9') {
            throw DECLINE;
        }
        digits();
    }

    private void digits() {
        while (pos < end && d[pos] >= '0' && d[pos] <= '9') {
            pos++;
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (at(pos + i) != word.charAt(i)) {
                throw DECLINE;
            }
        }
        pos += word.length();
    }

    private void ws() {
        int i = pos;
        while (i < end) {
            byte b = d[i];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                i++;
            } else {
                break;
            }
        }
        pos = i;
    }

    private byte peek() {
        return at(pos);
    }

    /** The byte at {@code i}, declining past the chunk's end (the array may hold other bytes there). */
    private byte at(int i) {
        if (i >= end) {
            throw DECLINE;
        }
        return d[i];
    }

    private void expect(char c) {
        if (pos >= end || d[pos] != c) {
            throw DECLINE;
        }
        pos++;
    }

    /** Whether the last string read (a name, unescaped) is {@code name}. */
    private boolean is(byte[] name) {
        return equalsString(name);
    }

    private boolean equalsString(byte[] s) {
        int n = strEnd - strStart;
        if (n != s.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (d[strStart + i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
