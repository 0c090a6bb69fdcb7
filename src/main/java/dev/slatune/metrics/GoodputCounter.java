package dev.slatune.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts, for each goodput SLO set of a probe, the measured requests that met all of it. Called by
 * {@link ProbeRecorder#record} under its lock; a request costs a few comparisons per set and no allocation.
 */
final class GoodputCounter {

    private final GoodputSlo[] sets;
    private final long[] met;
    private long total;

    GoodputCounter(List<GoodputSlo> sets) {
        this.sets = sets.toArray(GoodputSlo[]::new);
        this.met = new long[this.sets.length];
    }

    void count(RequestOutcome o) {
        total++;
        for (int i = 0; i < sets.length; i++) {
            if (sets[i].met(o)) {
                met[i]++;
            }
        }
    }

    /** The counts so far, one per set in the order given; empty without sets. */
    List<GoodputCount> counts() {
        List<GoodputCount> out = new ArrayList<>(sets.length);
        for (int i = 0; i < sets.length; i++) {
            out.add(new GoodputCount(sets[i].key(), met[i], total));
        }
        return out;
    }
}
