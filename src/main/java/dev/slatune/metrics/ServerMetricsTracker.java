package dev.slatune.metrics;

import java.util.EnumMap;
import java.util.Map;

/**
 * Turns the scrapes of one probe into its {@link ServerMetrics}: gauges at their peak over the
 * scrapes during (and right after) the probe, counters as the change from the scrape before to the
 * scrape after. A counter that went down (the server restarted) reports nothing rather than a lie.
 * Thread-safe.
 */
public final class ServerMetricsTracker {

    private Map<ServerQuantity, Double> before;
    private Map<ServerQuantity, Double> last;
    private final Map<ServerQuantity, Double> peaks = new EnumMap<>(ServerQuantity.class);
    private final Map<ServerQuantity, Double> rateSum = new EnumMap<>(ServerQuantity.class);
    private String family;
    private int during;
    private int rateCount;

    /** The scrape taken just before the probe's first request. */
    public synchronized void before(PrometheusText.Scrape s) {
        before = s.values();
        family = s.family();
    }

    /** A scrape taken while the probe runs, or the one right after it. */
    public synchronized void during(PrometheusText.Scrape s) {
        if (!s.known()) {
            return;
        }
        during++;
        if (family == null) {
            family = s.family();
        }
        last = s.values();
        s.values().forEach((q, v) -> {
            if (!q.counter()) {
                peaks.merge(q, v, Math::max);
            }
        });
        Double rate = s.values().get(ServerQuantity.PREFIX_CACHE_HIT_RATE);
        if (rate != null) {
            rateSum.merge(ServerQuantity.PREFIX_CACHE_HIT_RATE, rate, Double::sum);
            rateCount++;
        }
    }

    /** Whether anything known was scraped. */
    public synchronized boolean any() {
        return during > 0;
    }

    /** The probe's figures, or null when no scrape found a known quantity. */
    public synchronized ServerMetrics result() {
        if (during == 0) {
            return null;
        }
        Double hits = delta(ServerQuantity.PREFIX_CACHE_HITS);
        Double queries = delta(ServerQuantity.PREFIX_CACHE_QUERIES);
        Double rate = null;
        if (hits != null && queries != null && queries > 0) {
            rate = hits / queries;
        } else if (rateCount > 0) {
            rate = rateSum.get(ServerQuantity.PREFIX_CACHE_HIT_RATE) / rateCount;
        }
        return new ServerMetrics(
                family,
                during,
                peaks.get(ServerQuantity.RUNNING),
                peaks.get(ServerQuantity.WAITING),
                peaks.get(ServerQuantity.KV_CACHE),
                delta(ServerQuantity.PREEMPTIONS),
                hits,
                queries,
                rate);
    }

    private Double delta(ServerQuantity q) {
        if (before == null || last == null) {
            return null;
        }
        Double a = before.get(q);
        Double b = last.get(q);
        if (a == null || b == null || b < a) {
            return null;
        }
        return b - a;
    }
}
