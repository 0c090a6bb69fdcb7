package dev.slatune.cli.report;

import dev.slatune.metrics.ClientStats;
import dev.slatune.metrics.Distribution;
import dev.slatune.metrics.ErrorSample;
import dev.slatune.metrics.MeasurementNotes;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.sla.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders results as the seed document's "Detailed Performance Metrics" table (one row per
 * pressure point, units in the headers, box-drawing borders), plus a detail block for one result.
 * Plain text, so {@code load} and {@code tune} print the same thing.
 */
public final class ResultTable {

    private static final String[][] HEADERS = {
        {"", "Conc."},
        {"", "Rate"},
        {"", "RPS"},
        {"Avg", "Lat.(s)"},
        {"P99", "Lat.(s)"},
        {"Avg", "TTFT(s)"},
        {"P99", "TTFT(s)"},
        {"Avg", "TPOT(s)"},
        {"P99", "TPOT(s)"},
        {"Gen.", "toks/s"},
        {"Success", "Rate"}
    };

    private ResultTable() {}

    /** The table of {@code rows}, titled like the seed document's. */
    public static String render(List<ProbeResult> rows) {
        List<String[]> cells = new ArrayList<>();
        for (ProbeResult r : rows) {
            cells.add(row(r));
        }
        int[] w = new int[HEADERS.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(HEADERS[i][0].length(), HEADERS[i][1].length());
            for (String[] c : cells) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String title = "Detailed Performance Metrics";
        int total = 1;
        for (int x : w) {
            total += x + 3;
        }
        sb.append(" ".repeat(Math.max(0, (total - title.length()) / 2)))
                .append(title)
                .append('\n');
        sb.append(border('┏', '┳', '┓', '━', w));
        for (int line = 0; line < 2; line++) {
            sb.append('┃');
            for (int i = 0; i < w.length; i++) {
                sb.append(' ').append(pad(HEADERS[i][line], w[i])).append(" ┃");
            }
            sb.append('\n');
        }
        sb.append(border('┡', '╇', '┩', '━', w));
        for (String[] c : cells) {
            sb.append('│');
            for (int i = 0; i < w.length; i++) {
                sb.append(' ').append(pad(c[i], w[i])).append(" │");
            }
            sb.append('\n');
        }
        sb.append(border('└', '┴', '┘', '─', w));
        return sb.toString();
    }

    /** Everything else one result says: counts and errors, window, ITL, the client's own health. */
    public static String details(ProbeResult r) {
        return details(r, false);
    }

    /**
     * {@link #details(ProbeResult)} followed by the {@link MeasurementNotes}.
     *
     * @param randomPrompts true when the prompts were random text (a cache hit is then a warning)
     */
    public static String details(ProbeResult r, boolean randomPrompts) {
        StringBuilder sb = new StringBuilder(core(r));
        for (String note : MeasurementNotes.of(r, randomPrompts)) {
            sb.append("Note: ").append(note).append('\n');
        }
        return sb.toString();
    }

    private static String core(ProbeResult r) {
        StringBuilder sb = new StringBuilder();
        var q = r.requests();
        sb.append(String.format(
                Locale.ROOT, "Requests: %d measured, %d succeeded, %d failed", q.total(), q.succeeded(), q.failed()));
        if (!q.errors().isEmpty()) {
            List<String> e = new ArrayList<>();
            for (Map.Entry<String, Long> en : q.errors().entrySet()) {
                e.add(en.getKey() + "=" + en.getValue());
            }
            sb.append(" (").append(String.join(", ", e)).append(')');
        }
        sb.append('\n');
        for (ErrorSample e : r.errorSamplesOrEmpty()) {
            sb.append("  ").append(e).append('\n');
        }
        if (r.server() != null) {
            sb.append(r.server().line()).append('\n');
        }
        sb.append(String.format(
                Locale.ROOT,
                "Window: %.3f s; output %d tokens (%.2f tok/s), input %d tokens (%.2f tok/s)%n",
                r.windowSeconds(),
                r.outputTokens(),
                r.tps(),
                r.inputTokens(),
                r.inputTps()));
        if (r.outputTokensEstimated() > 0) {
            sb.append(String.format(
                    Locale.ROOT,
                    "Note: %d replies carried no usage; their output tokens were counted by the client%n",
                    r.outputTokensEstimated()));
        }
        sb.append("Latency ").append(dist(r.latency())).append('\n');
        sb.append("TTFT    ").append(dist(r.ttft())).append('\n');
        sb.append("TPOT    ").append(dist(r.tpot())).append('\n');
        sb.append("ITL     ").append(dist(r.itl())).append('\n');
        ClientStats c = r.client();
        if (c != null) {
            sb.append(String.format(
                    Locale.ROOT,
                    "Client: %s sends %.2f/s, schedule lag p99 %.2f ms, max in flight %d%s%n",
                    Double.isNaN(c.targetRate()) || c.targetRate() <= 0
                            ? "closed loop,"
                            : String.format(Locale.ROOT, "target %.2f/s, achieved", c.targetRate()),
                    c.achievedRate(),
                    c.scheduleLagP99() * 1e3,
                    c.maxInFlight(),
                    c.saturated() ? "; SATURATED: " + c.reason() : ""));
            sb.append(connections(c));
        }
        return sb.toString();
    }

    /**
     * What to read under a table of several results: each row's error messages ("parallel=8:
     * http_4xx x6: ...") and what the server saw ("parallel=8: server queue peaked at 7 waiting, KV
     * cache 100%"). Empty when there is nothing to say.
     */
    public static String footnotes(List<ProbeResult> rows) {
        StringBuilder sb = new StringBuilder();
        for (ProbeResult r : rows) {
            String at = r.variable() + "=" + num(r.value()) + ": ";
            for (ErrorSample e : r.errorSamplesOrEmpty()) {
                sb.append(at).append(e).append('\n');
            }
            if (r.server() != null && !r.server().explanation().isEmpty()) {
                sb.append(at).append(r.server().explanation()).append('\n');
            }
        }
        return sb.toString();
    }

    /** The connection line: opened connections, and resends after the server closed a connection under a request. */
    static String connections(ClientStats c) {
        if (c.connectionsOpened() == 0 && c.reconnects() == 0) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "Connections: %d opened, %d requests resent on a fresh connection"
                        + " after the server closed theirs unanswered (not failures)%n",
                c.connectionsOpened(),
                c.reconnects());
    }

    private static String dist(Distribution d) {
        if (d == null || d.count() == 0) {
            return "(no samples)";
        }
        return String.format(
                Locale.ROOT,
                "(s): avg %.4f  p50 %.4f  p90 %.4f  p99 %.4f  max %.4f  (n=%d)",
                d.avg(),
                d.p50(),
                d.p90(),
                d.p99(),
                d.max(),
                d.count());
    }

    private static String[] row(ProbeResult r) {
        boolean open = "rate".equals(r.variable());
        String conc = open ? Long.toString(r.client() == null ? 0 : r.client().maxInFlight()) : num(r.value());
        String rate = open ? num(r.value()) : "INF";
        return new String[] {
            conc,
            rate,
            f2(r.rps()),
            f3(r.latency().avg()),
            f3(r.latency().p99()),
            f3(r.ttft().avg()),
            f3(r.ttft().p99()),
            f3(r.tpot().avg()),
            f3(r.tpot().p99()),
            f2(r.tps()),
            Double.isNaN(r.successRate()) ? "-" : String.format(Locale.ROOT, "%.1f%%", r.successRate() * 100)
        };
    }

    private static String num(double v) {
        return Numbers.pressure(v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "-" : Numbers.fixed(v, 2);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : Numbers.fixed(v, 3);
    }

    private static String pad(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }

    private static String border(char left, char mid, char right, char fill, int[] w) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int i = 0; i < w.length; i++) {
            sb.append(String.valueOf(fill).repeat(w[i] + 2)).append(i == w.length - 1 ? right : mid);
        }
        return sb.append('\n').toString();
    }
}
