package dev.slatune.metrics;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Encodes HdrHistograms as compact base64 text so they travel inside a {@code ProbeResult} (and a
 * Kubernetes termination message) and can be merged exactly on the other side.
 */
public final class HistogramCodec {

    /** Two significant digits: 1% relative precision, small enough to fit four in a termination message. */
    public static final int SIGNIFICANT_DIGITS = 2;

    private HistogramCodec() {
    }

    /** A new auto-resizing histogram of microsecond values at the precision this codec uses. */
    public static Histogram newMicrosHistogram() {
        Histogram h = new Histogram(SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    /** The compressed, base64-encoded form of {@code h}. */
    public static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity() + 64);
        int len = h.encodeIntoCompressedByteBuffer(buf, 9);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), len));
    }

    /** Decodes {@link #encode}'s output; throws {@link IllegalArgumentException} for malformed text. */
    public static Histogram decode(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            h.setAutoResize(true);
            return h;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("malformed histogram: " + e.getMessage(), e);
        }
    }

    /** Summarises microsecond samples as a {@link Distribution} in seconds, with an exact sum and max. */
    static Distribution summarise(Histogram h, double sumMicros, long exactMaxMicros) {
        long n = h.getTotalCount();
        if (n == 0) {
            return Distribution.EMPTY;
        }
        return new Distribution(n, sumMicros / n / 1e6,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                exactMaxMicros / 1e6);
    }
}
