package dev.slatune.operator;

import dev.slatune.api.TuningVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * One pod's part of a run: its pressure, requests and warm-up. The pressures add up to the whole,
 * so the merged result of the shares measures exactly the value the search asked for; requests are
 * split so that every share lasts about as long (the same requests per unit of pressure, rounded
 * up, so a split run may send a few more than asked); the warm-up is per pod, since every pod
 * starts cold.
 *
 * @param index the share, from 0
 * @param value this pod's concurrency (whole number) or rate
 * @param requests measured requests of this pod, or null when the run is timed
 * @param warmup warm-up requests of this pod (not measured)
 */
public record LoadShare(int index, double value, Integer requests, int warmup) {

    /**
     * Splits a run into at most {@code pods} shares. A concurrency is split into whole numbers
     * (never a pod with none, so fewer pods when the value is small); a rate is split evenly.
     */
    public static List<LoadShare> split(TuningVariable variable, double value, int pods, Integer requests,
            int warmup) {
        int n = variable == TuningVariable.PARALLEL ? (int) Math.max(1, Math.min(pods, Math.round(value))) : pods;
        List<LoadShare> shares = new ArrayList<>(n);
        long total = Math.round(value);
        for (int i = 0; i < n; i++) {
            double v = variable == TuningVariable.PARALLEL ? part(total, n, i) : value / n;
            Integer req = requests == null ? null : n == 1 ? requests
                    // Every share must take about as long, or their windows do not overlap (ShareOverlap):
                    // the same requests per slot of concurrency, or per pod at an even rate, rounded up.
                    : variable == TuningVariable.PARALLEL ? (int) (Math.round(v) * ceilDiv(requests, total))
                    : (int) ceilDiv(requests, n);
            shares.add(new LoadShare(i, v, req, warmup));
        }
        return shares;
    }

    private static long ceilDiv(long a, long b) {
        return Math.max(1, (a + b - 1) / b);
    }

    /** The i-th of n near-equal whole parts of total; the first ones take the remainder. */
    static long part(long total, int n, int i) {
        return total / n + (i < total % n ? 1 : 0);
    }
}
