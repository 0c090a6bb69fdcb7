package dev.slatune.metrics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many measured requests met one set of per-request SLOs ({@link GoodputSlo}): counted request by
 * request, because a joint share cannot be read off the per-metric histograms.
 *
 * @param slos the SLO set, as given to {@code load --goodput} (its key)
 * @param met measured requests that succeeded and met every SLO of the set
 * @param total measured requests, failed ones included
 */
public record GoodputCount(String slos, long met, long total) {

    /** Met over total, NaN when nothing was measured. */
    @JsonIgnore
    public double share() {
        return total == 0 ? Double.NaN : (double) met / total;
    }

    /** Sums two counts of the same set. */
    public GoodputCount plus(GoodputCount o) {
        return new GoodputCount(slos, met + o.met, total + o.total);
    }

    /**
     * Sums lists of counts set by set, in the order first seen. A part without a set adds nothing to it
     * (a load pod that did not count it), so a set's total can be below the pooled request count.
     */
    public static List<GoodputCount> merge(List<List<GoodputCount>> parts) {
        Map<String, GoodputCount> out = new LinkedHashMap<>();
        for (List<GoodputCount> part : parts) {
            if (part == null) {
                continue;
            }
            for (GoodputCount c : part) {
                out.merge(c.slos(), c, GoodputCount::plus);
            }
        }
        return new ArrayList<>(out.values());
    }
}
