package dev.slatune.metrics;

import java.io.ByteArrayOutputStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A compact binary form of an HdrHistogram: the non-empty buckets only, each as the gap since the
 * previous one and its count, both in adaptive Rice codes (the parameter follows a running mean, as
 * in LOCO-I). A pod's latencies fill a few thousand buckets sparsely, so most of the information is
 * where the buckets are; this spends about 4 bits per sample where HdrHistogram's own
 * LEB128-plus-deflate form spends about 6, which is what lets the latency and TTFT histograms of a
 * 2,000-request pod at 3 significant digits fit in a termination message. Bucket boundaries are
 * HdrHistogram's, so decoding restores the histogram exactly (same buckets, same counts).
 *
 * <p>Layout: version byte (1), significant digits, bucket count (LEB128), then the bit stream
 * (most significant bit first), zero-padded to a byte.
 */
final class BucketCoder {

    static final int VERSION = 1;
    /** Unary quotients this long or longer escape to a 6-bit length and the plain value. */
    private static final int ESCAPE = 24;
    /** The running mean forgets: sums halve once this many values were seen. */
    private static final int RESET = 32;

    private BucketCoder() {}

    /** The buckets of {@code h}, which must have been made with {@code digits} significant digits. */
    static byte[] encode(Histogram h, int digits) {
        int m = halfCountMagnitude(digits);
        BitWriter out = new BitWriter();
        Adaptive gaps = new Adaptive();
        Adaptive counts = new Adaptive();
        long prev = -1;
        int buckets = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            long index = index(v.getValueIteratedTo(), m);
            long count = v.getCountAtValueIteratedTo();
            gaps.write(out, index - prev - 1);
            counts.write(out, count - 1);
            prev = index;
            buckets++;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(VERSION);
        bytes.write(digits);
        writeVarint(bytes, buckets);
        byte[] bits = out.toBytes();
        bytes.write(bits, 0, bits.length);
        return bytes.toByteArray();
    }

    /** The histogram {@link #encode} wrote; throws {@link IllegalArgumentException} for malformed input. */
    static Histogram decode(byte[] data) {
        if (data.length < 3 || data[0] != VERSION) {
            throw new IllegalArgumentException("unknown bucket encoding");
        }
        int digits = data[1];
        if (digits < 1 || digits > 5) {
            throw new IllegalArgumentException("bad significant digits " + digits);
        }
        int m = halfCountMagnitude(digits);
        int[] pos = {2};
        long buckets = readVarint(data, pos);
        BitReader in = new BitReader(data, pos[0]);
        Adaptive gaps = new Adaptive();
        Adaptive counts = new Adaptive();
        Histogram h = new Histogram(digits);
        h.setAutoResize(true);
        long prev = -1;
        for (long b = 0; b < buckets; b++) {
            long index = prev + 1 + gaps.read(in);
            long count = counts.read(in) + 1;
            h.recordValueWithCount(value(index, m), count);
            prev = index;
        }
        return h;
    }

    /** HdrHistogram's sub-bucket half-count magnitude for a precision, at unit resolution 1. */
    static int halfCountMagnitude(int digits) {
        long largestSingleUnit = 2 * (long) Math.pow(10, digits);
        int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestSingleUnit) / Math.log(2));
        return Math.max(subBucketCountMagnitude, 1) - 1;
    }

    /** HdrHistogram's counts-array index of {@code v} (the same formula, unit magnitude 0). */
    static long index(long v, int m) {
        long mask = (1L << (m + 1)) - 1;
        int bucket = 64 - Long.numberOfLeadingZeros(v | mask) - (m + 1);
        long sub = v >>> bucket;
        return ((long) (bucket + 1) << m) + (sub - (1L << m));
    }

    /** The lowest value of the bucket at {@code index}. */
    static long value(long index, int m) {
        int bucket = (int) (index >> m) - 1;
        long sub = (index & ((1L << m) - 1)) + (1L << m);
        if (bucket < 0) {
            sub -= 1L << m;
            bucket = 0;
        }
        return sub << bucket;
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] d, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= d.length) {
                throw new IllegalArgumentException("truncated bucket encoding");
            }
            int b = d[pos[0]++] & 0xFF;
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("bad varint in bucket encoding");
    }

    /** A Rice code whose parameter tracks the running mean of the values coded so far. */
    private static final class Adaptive {
        private long sum = 2;
        private long n = 1;

        private int k() {
            int k = 0;
            while ((n << k) < sum && k < 62) {
                k++;
            }
            return k;
        }

        private void seen(long v) {
            sum += v;
            if (++n >= RESET) {
                sum = (sum + 1) >> 1;
                n >>= 1;
            }
        }

        void write(BitWriter out, long v) {
            int k = k();
            long q = v >>> k;
            if (q < ESCAPE) {
                out.ones((int) q);
                out.bits(0, 1);
                out.bits(v, k);
            } else {
                out.ones(ESCAPE);
                int len = 64 - Long.numberOfLeadingZeros(v);
                out.bits(len, 7);
                out.bits(v, len);
            }
            seen(v);
        }

        long read(BitReader in) {
            int k = k();
            int q = 0;
            while (q < ESCAPE && in.bit() == 1) {
                q++;
            }
            long v;
            if (q < ESCAPE) {
                v = ((long) q << k) | in.bits(k);
            } else {
                int len = (int) in.bits(7);
                v = in.bits(len);
            }
            seen(v);
            return v;
        }
    }

    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int acc;
        private int used;

        void ones(int count) {
            for (int i = 0; i < count; i++) {
                bits(1, 1);
            }
        }

        void bits(long v, int count) {
            for (int i = count - 1; i >= 0; i--) {
                acc = (acc << 1) | (int) ((v >>> i) & 1);
                if (++used == 8) {
                    out.write(acc);
                    acc = 0;
                    used = 0;
                }
            }
        }

        byte[] toBytes() {
            if (used > 0) {
                out.write(acc << (8 - used));
                acc = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }

    private static final class BitReader {
        private final byte[] d;
        private long bitPos;

        BitReader(byte[] d, int bytePos) {
            this.d = d;
            this.bitPos = (long) bytePos * 8;
        }

        int bit() {
            int byteIndex = (int) (bitPos >>> 3);
            if (byteIndex >= d.length) {
                throw new IllegalArgumentException("truncated bucket encoding");
            }
            int b = (d[byteIndex] >>> (7 - (int) (bitPos & 7))) & 1;
            bitPos++;
            return b;
        }

        long bits(int count) {
            long v = 0;
            for (int i = 0; i < count; i++) {
                v = (v << 1) | bit();
            }
            return v;
        }
    }
}
