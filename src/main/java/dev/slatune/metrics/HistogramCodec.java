package dev.slatune.metrics;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Encodes HdrHistograms as compact base64 text so they travel inside a {@code ProbeResult} (and a
 * Kubernetes termination message) and can be merged exactly on the other side, and reads
 * percentiles from them within the observed range.
 */
public final class HistogramCodec {

    /**
     * Three significant digits: a bucket is at most 0.1% wide, so a percentile reads at most 0.1% high.
     * The latency and TTFT histograms of a 2,000-request pod still fit a termination message
     * (measured in {@code HistogramSizeTest}).
     */
    public static final int SIGNIFICANT_DIGITS = 3;

    private HistogramCodec() {}

    /** A new auto-resizing histogram of microsecond values at the precision this codec uses. */
    public static Histogram newMicrosHistogram() {
        Histogram h = new Histogram(SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    /** Marks {@link BucketCoder} text; HdrHistogram's own compressed form (schema v1) starts with "HISTF". */
    static final String BUCKETS_PREFIX = "b:";

    /**
     * The compact text form of {@code h} (a histogram of {@link #SIGNIFICANT_DIGITS} digits): its
     * non-empty buckets in {@link BucketCoder}'s form, base64-encoded.
     */
    public static String encode(Histogram h) {
        return BUCKETS_PREFIX
                + Base64.getEncoder()
                        .withoutPadding()
                        .encodeToString(BucketCoder.encode(h, h.getNumberOfSignificantValueDigits()));
    }

    /** HdrHistogram's own compressed form, base64-encoded, as schema v1 wrote it (kept for tests and sizes). */
    static String encodeHdr(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity() + 64);
        int len = h.encodeIntoCompressedByteBuffer(buf, 9);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), len));
    }

    /**
     * Decodes {@link #encode}'s output, or HdrHistogram's compressed form of schema v1; throws
     * {@link IllegalArgumentException} for malformed text.
     */
    public static Histogram decode(String text) {
        try {
            if (text.startsWith(BUCKETS_PREFIX)) {
                return BucketCoder.decode(Base64.getDecoder().decode(text.substring(BUCKETS_PREFIX.length())));
            }
            byte[] bytes = Base64.getDecoder().decode(text);
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            h.setAutoResize(true);
            return h;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("malformed histogram: " + e.getMessage(), e);
        }
    }

    /**
     * The value at {@code percentile} (0..100) in the same unit as the histogram, clamped to the exact
     * observed {@code min}..{@code max}: HdrHistogram answers with the top of the bucket, which can lie
     * above the largest sample (and, after a merge, a bucket's bottom can lie below the smallest).
     * Pass NaN for a bound that is not known.
     */
    public static double valueAtPercentile(Histogram h, double percentile, double min, double max) {
        double v = h.getValueAtPercentile(percentile);
        if (!Double.isNaN(max)) {
            v = Math.min(v, max);
        }
        if (!Double.isNaN(min)) {
            v = Math.max(v, min);
        }
        return v;
    }

    /** Summarises microsecond samples as a {@link Distribution} in seconds, with an exact sum, min and max. */
    static Distribution summarise(Histogram h, double sumMicros, long exactMinMicros, long exactMaxMicros) {
        long n = h.getTotalCount();
        if (n == 0) {
            return Distribution.EMPTY;
        }
        return fromHistogram(h, n, sumMicros / n / 1e6, exactMinMicros / 1e6, exactMaxMicros / 1e6);
    }

    /** A distribution in seconds from a microsecond histogram and exact count, mean, min and max (seconds). */
    static Distribution fromHistogram(Histogram h, long count, double avg, double min, double max) {
        double lo = Double.isNaN(min) ? Double.NaN : min * 1e6;
        double hi = Double.isNaN(max) ? Double.NaN : max * 1e6;
        return new Distribution(
                count,
                avg,
                valueAtPercentile(h, 50, lo, hi) / 1e6,
                valueAtPercentile(h, 90, lo, hi) / 1e6,
                valueAtPercentile(h, 99, lo, hi) / 1e6,
                max,
                min);
    }
}
