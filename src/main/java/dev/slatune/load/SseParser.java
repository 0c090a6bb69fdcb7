package dev.slatune.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of server-sent events (the WHATWG framing): bytes arrive in arbitrary
 * chunks, lines end in CRLF, LF or CR, {@code data:} lines of one event are joined with newlines,
 * comments ({@code :...}) are skipped, and a blank line dispatches the event.
 *
 * <p>Every event carries the time at which the chunk completing it was <em>read</em> from the
 * socket (passed in by the caller), not the time it was parsed: that is what ITL is measured on.
 * Not thread-safe; one parser per response.
 */
final class SseParser {

    /** Receives whole events. {@code data} is only valid during the call. */
    interface Listener {
        /**
         * One event.
         *
         * @param event the {@code event:} field, or null for the default "message"
         * @param data the joined {@code data:} lines as UTF-8 bytes, valid for {@code length} bytes
         * @param readNanos when the chunk that completed the event was read
         */
        void onEvent(String event, byte[] data, int length, long readNanos);
    }

    private final Listener listener;
    private byte[] line = new byte[512];
    private int lineLength;
    private boolean afterCr;
    private byte[] data = new byte[512];
    private int dataLength;
    private boolean hasData;
    private String event;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    /** Feeds the next chunk of the body, read at {@code readNanos}. */
    void feed(byte[] bytes, int offset, int length, long readNanos) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false; // the LF of a CRLF: the line already ended at the CR
                } else {
                    endLine(readNanos);
                }
            } else if (b == '\r') {
                endLine(readNanos);
                afterCr = true;
            } else {
                afterCr = false;
                if (lineLength == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLength++] = b;
            }
        }
    }

    /** The body ended: an event whose blank line never came is still dispatched (some servers omit it). */
    void end(long readNanos) {
        if (lineLength > 0) {
            endLine(readNanos);
        }
        dispatch(readNanos);
    }

    private void endLine(long readNanos) {
        if (lineLength == 0) {
            dispatch(readNanos);
            return;
        }
        if (line[0] != ':') {
            int colon = indexOf(line, lineLength, (byte) ':');
            int nameEnd = colon < 0 ? lineLength : colon;
            int valueStart = colon < 0 ? lineLength : colon + 1;
            if (valueStart < lineLength && line[valueStart] == ' ') {
                valueStart++;
            }
            if (isField("data", nameEnd)) {
                appendData(valueStart);
            } else if (isField("event", nameEnd)) {
                event = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
            }
        }
        lineLength = 0;
    }

    private void appendData(int valueStart) {
        int n = lineLength - valueStart;
        int need = dataLength + n + 1;
        if (need > data.length) {
            data = Arrays.copyOf(data, Math.max(need, data.length * 2));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, valueStart, data, dataLength, n);
        dataLength += n;
        hasData = true;
    }

    private void dispatch(long readNanos) {
        if (hasData) {
            listener.onEvent(event, data, dataLength, readNanos);
        }
        hasData = false;
        dataLength = 0;
        event = null;
    }

    private boolean isField(String name, int nameEnd) {
        if (nameEnd != name.length()) {
            return false;
        }
        for (int i = 0; i < nameEnd; i++) {
            if (line[i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] a, int n, byte b) {
        for (int i = 0; i < n; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
