package dev.slatune.cli.report;

import dev.slatune.metrics.ProbeResult;
import java.util.List;
import java.util.Locale;

/**
 * The seed document's "Detailed Performance Metrics" table: one row per probed value, with units
 * in the headers. In closed loop the rate column reads INF (arrivals are not limited); in open
 * loop the concurrency column shows the concurrency cap, or "-" when there is none.
 */
public final class PerformanceTable {

    private static final List<String> HEADERS = List.of("Conc.", "Rate\n(req/s)", "RPS\n(req/s)", "Avg\nLat.(s)",
            "P99\nLat.(s)", "Avg\nTTFT(s)", "P99\nTTFT(s)", "Avg\nTPOT(s)", "P99\nTPOT(s)", "Gen.\ntoks/s",
            "Success\nRate");

    private PerformanceTable() {
    }

    /** One probed value: the pooled result of its runs and, in open loop, the concurrency cap. */
    public record Row(ProbeResult result, Integer concurrencyCap) {
    }

    /** Renders the rows in the order given. */
    public static String render(List<Row> rows) {
        boolean[] right = new boolean[HEADERS.size()];
        java.util.Arrays.fill(right, true);
        ConsoleTable t = new ConsoleTable("Detailed Performance Metrics", HEADERS, right);
        for (Row row : rows) {
            ProbeResult r = row.result();
            boolean rate = "rate".equals(r.variable());
            String conc = rate ? (row.concurrencyCap() == null ? "-" : Integer.toString(row.concurrencyCap()))
                    : number(r.value());
            String rateCell = rate ? number(r.value()) : "INF";
            t.row(List.of(conc, rateCell, fixed(r.rps(), 2), fixed(r.latency().avg(), 3), fixed(r.latency().p99(), 3),
                    fixed(r.ttft().avg(), 3), fixed(r.ttft().p99(), 3), fixed(r.tpot().avg(), 4),
                    fixed(r.tpot().p99(), 4), fixed(r.tps(), 2), percent(r.successRate())));
        }
        return t.renderBox();
    }

    /** An integer without decimals, else up to 3 significant decimals ("0.5", "12.25"). */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
