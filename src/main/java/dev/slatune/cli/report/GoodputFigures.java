package dev.slatune.cli.report;

import dev.slatune.metrics.GoodputCount;
import dev.slatune.metrics.ProbeResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The goodput of one probe in the words and fields every output shares: per SLO set the requests that met
 * all of it, their share of the measured requests, and the goodput rate (those requests per second of the
 * measured window).
 */
public final class GoodputFigures {

    private GoodputFigures() {}

    /** {@code goodput ttft<=0.2,tpot<=0.05: 960 of 1000 requests met every SLO (96.0%), 12.34 req/s}. */
    public static String line(ProbeResult r, GoodputCount c) {
        return String.format(
                Locale.ROOT,
                "goodput %s: %d of %d requests met every SLO (%s), %s req/s",
                c.slos(),
                c.met(),
                c.total(),
                share(c.share()),
                rate(r.goodputRate(c)));
    }

    /** {@code 96.0% (12.34 req/s)}, or {@code -} when the set was not counted. */
    public static String brief(ProbeResult r, String slos) {
        GoodputCount c = slos == null ? null : r.goodputOf(slos);
        return c == null ? "-" : share(c.share()) + " (" + rate(r.goodputRate(c)) + " req/s)";
    }

    /** The counts as summary.json writes them: slos, met, total, share, rps. */
    public static List<Map<String, Object>> json(ProbeResult r) {
        return r.goodput().stream()
                .map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("slos", c.slos());
                    m.put("met", c.met());
                    m.put("total", c.total());
                    m.put("share", Double.isNaN(c.share()) ? null : c.share());
                    double rate = r.goodputRate(c);
                    m.put("rps", Double.isNaN(rate) ? null : rate);
                    return m;
                })
                .toList();
    }

    static String share(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static String rate(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
