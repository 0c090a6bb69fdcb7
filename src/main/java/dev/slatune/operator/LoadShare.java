package dev.slatune.operator;

import dev.slatune.api.TuningVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * One pod's part of a run: its pressure, requests and warm-up. Pressure and requests add up to the
 * whole, so the merged result of the shares measures exactly the value the search asked for; the
 * warm-up is per pod, since every pod starts cold.
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
        for (int i = 0; i < n; i++) {
            double v = variable == TuningVariable.PARALLEL ? part(Math.round(value), n, i) : value / n;
            Integer req = requests == null ? null : (int) Math.max(1, part(requests, n, i));
            shares.add(new LoadShare(i, v, req, warmup));
        }
        return shares;
    }

    /** The i-th of n near-equal whole parts of total; the first ones take the remainder. */
    static long part(long total, int n, int i) {
        return total / n + (i < total % n ? 1 : 0);
    }
}
