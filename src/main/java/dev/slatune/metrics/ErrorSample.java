package dev.slatune.metrics;

/**
 * One distinct way requests failed, with the words the server (or the transport) used for it.
 *
 * @param kind the {@link ErrorKind#key()} of the failures
 * @param message the first message seen of this shape, truncated to {@link ErrorSampler#MAX_MESSAGE} characters
 * @param count how many measured requests failed this way
 */
public record ErrorSample(String kind, String message, long count) {

    /** The line printed under a table: {@code http_4xx x6: request (1066 tokens) exceeds ...}. */
    @Override
    public String toString() {
        return kind + " x" + count + ": " + message;
    }

    ErrorSample plus(long more) {
        return new ErrorSample(kind, message, count + more);
    }

    ErrorSample truncated(int chars) {
        return message.length() <= chars ? this : new ErrorSample(kind, ErrorSampler.truncate(message, chars), count);
    }
}
