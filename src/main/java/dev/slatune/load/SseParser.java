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
         * @param data the joined {@code data:} lines as UTF-8 bytes, valid from {@code offset} for {@code length} bytes
         * @param readNanos when the chunk that completed the event was read
         */
        void onEvent(String event, byte[] data, int offset, int length, long readNanos);
    }

    private final Listener listener;
    /** A line split between reads, kept until its end arrives (allocated when first needed). */
    private byte[] line = NONE;

    private int lineLength;
    private boolean afterCr;
    /** The event's data when it was copied (several lines, or one not ending in the read it began in). */
    private byte[] data = NONE;

    private int dataLength;
    private boolean hasData;
    /** The event's only data line so far, where it lies in the caller's chunk (valid during feed); else null. */
    private byte[] view;

    private int viewFrom;
    private String event;

    private static final byte[] NONE = new byte[0];

    SseParser(Listener listener) {
        this.listener = listener;
    }

    /** Feeds the next chunk of the body, read at {@code readNanos}. */
    void feed(byte[] bytes, int offset, int length, long readNanos) {
        int i = offset;
        int end = offset + length;
        if (afterCr && i < end) {
            afterCr = false;
            if (bytes[i] == '\n') {
                i++; // the LF of a CRLF split between reads: the line already ended at the CR
            }
        }
        while (i < end) {
            // Whole lines are read where they lie; only a line split between reads is copied.
            int j = i;
            while (j < end && bytes[j] != '\n' && bytes[j] != '\r') {
                j++;
            }
            if (j == end) {
                appendLine(bytes, i, j - i);
                break;
            }
            if (lineLength == 0) {
                line(bytes, i, j - i, readNanos);
            } else {
                appendLine(bytes, i, j - i);
                line(line, 0, lineLength, readNanos);
                lineLength = 0;
            }
            i = j + 1;
            if (bytes[j] == '\r') {
                if (i < end) {
                    if (bytes[i] == '\n') {
                        i++;
                    }
                } else {
                    afterCr = true;
                }
            }
        }
        if (view != null) {
            copyView(); // the chunk's array is the caller's: keep what the event needs
        }
    }

    /** The body ended: an event whose blank line never came is still dispatched (some servers omit it). */
    void end(long readNanos) {
        if (lineLength > 0) {
            line(line, 0, lineLength, readNanos);
            lineLength = 0;
        }
        dispatch(readNanos);
    }

    private void appendLine(byte[] bytes, int from, int n) {
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + n, Math.max(256, line.length * 2)));
        }
        System.arraycopy(bytes, from, line, lineLength, n);
        lineLength += n;
    }

    /** One whole line, {@code n} bytes of {@code src} from {@code from}, without its end. */
    private void line(byte[] src, int from, int n, long readNanos) {
        if (n == 0) {
            dispatch(readNanos);
            return;
        }
        if (src[from] == ':') {
            return; // a comment
        }
        int end = from + n;
        int colon = from;
        while (colon < end && src[colon] != ':') {
            colon++;
        }
        int nameLength = colon - from;
        int valueStart = colon < end ? colon + 1 : end;
        if (valueStart < end && src[valueStart] == ' ') {
            valueStart++;
        }
        if (isField(src, from, nameLength, "data")) {
            appendData(src, valueStart, end - valueStart);
        } else if (isField(src, from, nameLength, "event")) {
            event = new String(src, valueStart, end - valueStart, StandardCharsets.UTF_8);
        }
    }

    private void appendData(byte[] src, int from, int n) {
        if (!hasData && src != line) {
            // The common case, one data line per event: read in place, no copy.
            view = src;
            viewFrom = from;
            dataLength = n;
            hasData = true;
            return;
        }
        if (view != null) {
            copyView();
        }
        int need = dataLength + n + 1;
        if (need > data.length) {
            data = Arrays.copyOf(data, Math.max(need, data.length * 2));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(src, from, data, dataLength, n);
        dataLength += n;
        hasData = true;
    }

    private void copyView() {
        if (dataLength > data.length) {
            data = new byte[Math.max(dataLength + 64, 2 * data.length)];
        }
        System.arraycopy(view, viewFrom, data, 0, dataLength);
        view = null;
    }

    private void dispatch(long readNanos) {
        if (view != null) {
            listener.onEvent(event, view, viewFrom, dataLength, readNanos);
            view = null;
        } else if (hasData) {
            listener.onEvent(event, data, 0, dataLength, readNanos);
        }
        hasData = false;
        dataLength = 0;
        event = null;
    }

    private static boolean isField(byte[] src, int from, int n, String name) {
        if (n != name.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (src[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
