package dev.slatune.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.json.Json;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.search.ConditionCheck;
import dev.slatune.search.GroupResult;
import dev.slatune.search.GroupVerdict;
import dev.slatune.search.MeasuredPoint;
import dev.slatune.sla.Metric;
import dev.slatune.sla.Numbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a tuning run leaves behind: the console tables, and in the outputs directory
 * {@code summary.json}, {@code probes.csv} and a self-contained {@code report.html} with, per rule
 * group, each metric against pressure, its threshold and the boundary found.
 */
public final class TuneReport {

    public static final String SCHEMA = "slatune.dev/tune-summary/v1";

    /**
     * Context key set when each row's result is EvalScope's per-run averages rather than pooled runs; then
     * summary.json writes them as "judged" and the pooled figures under "pooled", and probes.csv says which.
     */
    public static final String AGGREGATION = "aggregation";

    /**
     * One measured value with its pooled result and the verdict of each group.
     *
     * @param order the position in which the value was first measured
     */
    public record ProbeRow(int order, MeasuredPoint point, ProbeResult pooled, List<GroupVerdict> verdicts) {}

    /**
     * The inputs of a report.
     *
     * @param results null when the run stopped before the search finished
     * @param stoppedBy null when the search finished, else why it stopped
     * @param context free-form facts shown at the top (target, model, strategy, ...)
     * @param groupGoodput per rule group, the SLO set of its goodput rule ({@code ttft<=0.2}), or null without one
     */
    public record Data(
            String variable,
            List<ProbeRow> probes,
            List<GroupResult> results,
            String stoppedBy,
            Map<String, Object> context,
            List<String> groupGoodput) {

        public Data {
            groupGoodput = groupGoodput == null
                    ? List.of()
                    : java.util.Collections.unmodifiableList(new ArrayList<>(groupGoodput));
        }

        /** A report of rules without goodput. */
        public Data(
                String variable,
                List<ProbeRow> probes,
                List<GroupResult> results,
                String stoppedBy,
                Map<String, Object> context) {
            this(variable, probes, results, stoppedBy, context, null);
        }

        /** The SLO set of group {@code g}'s goodput rule, or null. */
        String goodputOf(int g) {
            return g < groupGoodput.size() ? groupGoodput.get(g) : null;
        }

        /** Every SLO set counted, in the order first seen. */
        List<String> goodputSets() {
            List<String> out = new ArrayList<>();
            for (ProbeRow p : probes) {
                for (var c : p.pooled().goodput()) {
                    if (!out.contains(c.slos())) {
                        out.add(c.slos());
                    }
                }
            }
            return out;
        }
    }

    /** Verdicts and metrics as their keys ({@code pass}, {@code p99_latency}): search stays free of Jackson. */
    private static final ObjectMapper JSON = Json.prettyWithStrings(dev.slatune.search.Verdict.class, Metric.class);

    private TuneReport() {}

    /**
     * The "Detailed Performance Metrics" table (the one {@code load} prints), rows sorted by value,
     * followed by each row's error messages and server-side figures.
     */
    public static String performanceTable(Data d) {
        List<ProbeResult> rows = d.probes().stream()
                .sorted(java.util.Comparator.comparingDouble(p -> p.point().value()))
                .map(ProbeRow::pooled)
                .toList();
        return ResultTable.render(rows) + ResultTable.footnotes(rows);
    }

    /** The "SLA Auto-tune Summary" table. */
    public static String summaryTable(Data d) {
        ConsoleTable t = new ConsoleTable(
                "SLA Auto-tune Summary",
                List.of("Criteria", "Variable", "Max Satisfied", "Note"),
                false,
                false,
                true,
                false);
        if (d.results() != null) {
            for (int g = 0; g < d.results().size(); g++) {
                GroupResult r = d.results().get(g);
                t.row(List.of(
                        r.criteria(),
                        r.variable(),
                        r.maxSatisfied() == null ? "None" : Numbers.pressure(r.maxSatisfied()),
                        r.note() + goodputNote(d, g, r)));
            }
        }
        return t.renderGrid();
    }

    /** "; goodput at 12: 96.0% (12.34 req/s)" for a goodput group with an answer, else "". */
    static String goodputNote(Data d, int g, GroupResult r) {
        String slos = d.goodputOf(g);
        if (slos == null || r.maxSatisfied() == null) {
            return "";
        }
        return d.probes().stream()
                .filter(p -> p.point().value() == r.maxSatisfied())
                .findFirst()
                .map(p -> "; goodput at " + Numbers.pressure(r.maxSatisfied()) + ": "
                        + GoodputFigures.brief(p.pooled(), slos))
                .orElse("");
    }

    /** Writes summary.json, probes.csv and report.html into {@code dir} (created if needed). */
    public static void write(Path dir, Data d) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.json"), summaryJson(d), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("probes.csv"), csv(d), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(d), StandardCharsets.UTF_8);
    }

    static String summaryJson(Data d) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("variable", d.variable());
        root.put("context", d.context());
        root.put("stoppedBy", d.stoppedBy());
        List<Map<String, Object>> results = new ArrayList<>();
        if (d.results() != null) {
            for (GroupResult r : d.results()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("criteria", r.criteria());
                m.put("variable", r.variable());
                m.put("maxSatisfied", r.maxSatisfied());
                m.put("outcome", r.outcome().key());
                m.put("note", r.note());
                Map<String, Object> bracket = new LinkedHashMap<>(); // values may be null: no Map.of
                bracket.put("lastPass", r.lastPass());
                bracket.put("firstFail", r.firstFail());
                m.put("bracket", bracket);
                m.put("bindingRule", r.bindingRule());
                m.put("confident", r.confident());
                m.put("uncertainty", r.uncertainty());
                m.put("samples", r.samples());
                if (d.goodputOf(results.size()) != null) {
                    m.put("goodputSlos", d.goodputOf(results.size()));
                }
                results.add(m);
            }
        }
        root.put("results", results);
        List<Map<String, Object>> probes = new ArrayList<>();
        for (ProbeRow p : d.probes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("order", p.order());
            m.put("value", p.point().value());
            if (averaged(d)) {
                m.put("judged", withoutHistograms(p.pooled()));
                m.put(
                        "pooled",
                        withoutHistograms(ProbeResult.merge(p.point().runs(), ProbeResult.MergeMode.SEQUENTIAL)));
            } else {
                m.put("pooled", withoutHistograms(p.pooled()));
            }
            if (!p.pooled().goodput().isEmpty()) {
                m.put("goodput", GoodputFigures.json(p.pooled()));
            }
            m.put("verdicts", p.verdicts());
            m.put("runs", p.point().runs());
            probes.add(m);
        }
        root.put("probes", probes);
        return JSON.writeValueAsString(root);
    }

    private static boolean averaged(Data d) {
        return d.context() != null && d.context().containsKey(AGGREGATION);
    }

    private static Map<String, Object> withoutHistograms(ProbeResult r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.convertValue(r, LinkedHashMap.class);
        m.remove("histograms");
        return m;
    }

    static String csv(Data d) {
        StringBuilder sb = new StringBuilder("order,value,runs,requests,succeeded,failed,success_rate,rps,tps,"
                + "avg_latency_s,p50_latency_s,p90_latency_s,p99_latency_s,avg_ttft_s,p50_ttft_s,p90_ttft_s,p99_ttft_s,"
                + "avg_tpot_s,p50_tpot_s,p90_tpot_s,p99_tpot_s,avg_itl_s,p99_itl_s,client_saturated,figures,"
                + "server_peak_running,server_peak_waiting,server_kv_cache_peak,server_preemptions,"
                + "server_prefix_cache_hit_rate");
        int groups = d.probes().isEmpty() ? 0 : d.probes().get(0).verdicts().size();
        for (int g = 0; g < groups; g++) {
            sb.append(",group").append(g + 1).append("_pass");
            sb.append(",group").append(g + 1).append("_verdict");
            sb.append(",group").append(g + 1).append("_samples");
            // Each rule's measured value and the ends of its confidence interval (the error bars of report.html).
            for (ConditionCheck c : d.probes().get(0).verdicts().get(g).checks()) {
                String col = ",group" + (g + 1) + "_" + c.metric();
                sb.append(col).append(col).append("_low").append(col).append("_high");
            }
        }
        List<String> sets = d.goodputSets();
        for (int k = 0; k < sets.size(); k++) {
            String col = ",goodput" + (k + 1);
            sb.append(col)
                    .append("_slos")
                    .append(col)
                    .append("_met")
                    .append(col)
                    .append("_total");
            sb.append(col).append("_share").append(col).append("_rps");
        }
        sb.append('\n');
        for (ProbeRow p : d.probes()) {
            ProbeResult r = p.pooled();
            List<Object> cells = new ArrayList<>(List.of(
                    p.order(),
                    Numbers.significant(p.point().value(), 6),
                    p.point().runs().size(),
                    r.requests().total(),
                    r.requests().succeeded(),
                    r.requests().failed(),
                    Numbers.significant(r.successRate(), 6),
                    Numbers.significant(r.rps(), 6),
                    Numbers.significant(r.tps(), 6)));
            for (String dist : List.of("latency", "ttft", "tpot")) {
                var x = r.distribution(dist);
                cells.addAll(List.of(
                        Numbers.significant(x.avg(), 6),
                        Numbers.significant(x.p50(), 6),
                        Numbers.significant(x.p90(), 6),
                        Numbers.significant(x.p99(), 6)));
            }
            cells.add(Numbers.significant(r.itl().avg(), 6));
            cells.add(Numbers.significant(r.itl().p99(), 6));
            cells.add(r.client() != null && r.client().saturated());
            cells.add(averaged(d) ? "per-run average" : "pooled");
            var sv = r.server();
            for (Double x : sv == null
                    ? java.util.Arrays.<Double>asList(null, null, null, null, null)
                    : java.util.Arrays.asList(
                            sv.peakRunning(),
                            sv.peakWaiting(),
                            sv.kvCachePeak(),
                            sv.preemptions(),
                            sv.prefixCacheHitRate())) {
                cells.add(x == null ? "" : Numbers.significant(x, 6));
            }
            for (GroupVerdict v : p.verdicts()) {
                cells.add(v.pass());
                cells.add(v.verdict().key());
                cells.add(v.samples());
                for (ConditionCheck c : v.checks()) {
                    cells.add(Numbers.significant(c.measured(), 6));
                    cells.add(Numbers.significant(c.low(), 6));
                    cells.add(Double.isInfinite(c.high()) ? "inf" : Numbers.significant(c.high(), 6));
                }
            }
            for (String set : sets) {
                var c = r.goodputOf(set);
                cells.add("\"" + set + "\""); // a set has commas: ttft<=0.2,tpot<=0.05
                cells.add(c == null ? "" : c.met());
                cells.add(c == null ? "" : c.total());
                cells.add(c == null ? "" : Numbers.significant(c.share(), 6));
                cells.add(c == null ? "" : Numbers.significant(r.goodputRate(c), 6));
            }
            sb.append(String.join(",", cells.stream().map(String::valueOf).toList()))
                    .append('\n');
        }
        return sb.toString();
    }

    static String html(Data d) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>slatune report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
                        + "margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "th{background:#f4f4f4}td.l,th.l{text-align:left}.pass{color:#2ca02c}.fail{color:#d62728}.uncertain{color:#ff7f0e}"
                        + ".charts{display:flex;flex-wrap:wrap;gap:1em}pre{background:#f8f8f8;padding:1em}</style>"
                        + "</head><body>\n");
        h.append("<h1>SLA auto-tune report</h1>\n<table>");
        d.context()
                .forEach((k, v) -> h.append("<tr><th class=\"l\">")
                        .append(SvgChart.esc(k))
                        .append("</th><td class=\"l\">")
                        .append(SvgChart.esc(String.valueOf(v)))
                        .append("</td></tr>"));
        h.append("</table>\n");
        if (d.stoppedBy() != null) {
            h.append("<p class=\"fail\">The run stopped before the search finished: ")
                    .append(SvgChart.esc(d.stoppedBy()))
                    .append(". The measurements below are complete.</p>\n");
        }
        h.append("<h2>SLA Auto-tune Summary</h2>\n<table><tr><th class=\"l\">Criteria</th><th class=\"l\">Variable</th>"
                + "<th>Max Satisfied</th><th class=\"l\">Note</th><th>Last pass</th><th>First fail</th>"
                + "<th class=\"l\">Binding rule</th></tr>\n");
        if (d.results() != null) {
            for (GroupResult r : d.results()) {
                h.append("<tr><td class=\"l\">")
                        .append(SvgChart.esc(r.criteria()))
                        .append("</td><td class=\"l\">")
                        .append(r.variable())
                        .append("</td><td>")
                        .append(r.maxSatisfied() == null ? "None" : Numbers.pressure(r.maxSatisfied()))
                        .append("</td><td class=\"l\">")
                        .append(SvgChart.esc(
                                r.note() + goodputNote(d, d.results().indexOf(r), r)))
                        .append("</td><td>")
                        .append(r.lastPass() == null ? "-" : Numbers.pressure(r.lastPass()))
                        .append("</td><td>")
                        .append(r.firstFail() == null ? "-" : Numbers.pressure(r.firstFail()))
                        .append("</td><td class=\"l\">")
                        .append(SvgChart.esc(r.bindingRule()))
                        .append("</td></tr>\n");
            }
        }
        h.append("</table>\n");
        String xLabel = "parallel".equals(d.variable()) ? "concurrency (requests in flight)" : "request rate (req/s)";
        int groups = d.probes().isEmpty() ? 0 : d.probes().get(0).verdicts().size();
        for (int g = 0; g < groups; g++) {
            GroupVerdict first = d.probes().get(0).verdicts().get(g);
            GroupResult res = d.results() == null || d.results().size() <= g
                    ? null
                    : d.results().get(g);
            h.append("<h2>").append(SvgChart.esc(first.criteria())).append("</h2>\n<div class=\"charts\">\n");
            for (int c = 0; c < first.checks().size(); c++) {
                ConditionCheck check = first.checks().get(c);
                if (check.metric() == Metric.ERROR_RATE) {
                    continue; // the implicit no-failures rule: failures show in the probe table below
                }
                List<SvgChart.Point> pts = new ArrayList<>();
                for (ProbeRow p : d.probes()) {
                    GroupVerdict v = p.verdicts().get(g);
                    ConditionCheck cc = v.checks().get(c);
                    pts.add(new SvgChart.Point(
                            p.point().value(),
                            cc.measured(),
                            cc.pass(),
                            cc.low(),
                            cc.high(),
                            cc.verdict() != dev.slatune.search.Verdict.UNCERTAIN));
                }
                double threshold = check.threshold() == null ? Double.NaN : check.threshold();
                double marker = res == null || res.maxSatisfied() == null ? Double.NaN : res.maxSatisfied();
                String markerLabel = res == null || res.maxSatisfied() == null
                        ? ""
                        : "max satisfied " + Numbers.pressure(res.maxSatisfied());
                h.append(SvgChart.render(
                        check.metric() + " " + check.op()
                                + (check.threshold() == null ? "" : " " + SvgChart.tick(check.threshold()))
                                + " (bars: " + confidence(d) + " interval)",
                        xLabel,
                        check.metric() + " (" + unitOf(check.metric()) + ")",
                        pts,
                        threshold,
                        marker,
                        markerLabel));
            }
            goodputRateChart(h, d, g, xLabel);
            h.append("</div>\n");
        }
        h.append("<h2>Detailed Performance Metrics</h2>\n<pre>")
                .append(SvgChart.esc(performanceTable(d)))
                .append("</pre>\n<h2>Probes in the order measured</h2>\n<table><tr><th>#</th><th>value</th>"
                        + "<th>runs</th><th>requests</th><th>failed</th><th class=\"l\">server</th>");
        List<String> sets = d.goodputSets();
        for (String set : sets) {
            h.append("<th>goodput ").append(SvgChart.esc(set)).append("</th>");
        }
        for (int g = 0; g < groups; g++) {
            h.append("<th class=\"l\">group ").append(g + 1).append("</th>");
        }
        h.append("</tr>\n");
        for (ProbeRow p : d.probes()) {
            h.append("<tr><td>")
                    .append(p.order() + 1)
                    .append("</td><td>")
                    .append(Numbers.pressure(p.point().value()))
                    .append("</td><td>")
                    .append(p.point().runs().size())
                    .append("</td><td>")
                    .append(p.pooled().requests().total())
                    .append("</td><td>")
                    .append(p.pooled().requests().failed())
                    .append("</td><td class=\"l\">")
                    .append(
                            p.pooled().server() == null
                                    ? "-"
                                    : SvgChart.esc(p.pooled().server().line()))
                    .append("</td>");
            for (String set : sets) {
                h.append("<td>").append(GoodputFigures.brief(p.pooled(), set)).append("</td>");
            }
            for (GroupVerdict v : p.verdicts()) {
                // The verdict with how sure it is and what it rests on: "uncertain (120 samples at 95%)".
                h.append("<td class=\"l ")
                        .append(
                                v.verdict() == dev.slatune.search.Verdict.UNCERTAIN
                                        ? "uncertain"
                                        : v.pass() ? "pass" : "fail")
                        .append("\">")
                        .append(v.verdict().key())
                        .append(" (" + v.samples() + " samples at " + Numbers.fixed(v.confidence() * 100, 0) + "%)");
                if (v.reason() != null) {
                    h.append(": ").append(SvgChart.esc(v.reason()));
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        errorsHtml(h, d);
        return h.append("</body></html>\n").toString();
    }

    /** The confidence level of the verdicts, "95%", from the first one (all share it). */
    private static String confidence(Data d) {
        double c = d.probes().isEmpty() || d.probes().get(0).verdicts().isEmpty()
                ? 0.95
                : d.probes().get(0).verdicts().get(0).confidence();
        return Numbers.fixed(c * 100, 0) + "%";
    }

    /** For a goodput group, the goodput rate (requests/s meeting every SLO) against pressure. */
    private static void goodputRateChart(StringBuilder h, Data d, int g, String xLabel) {
        String slos = d.goodputOf(g);
        if (slos == null) {
            return;
        }
        List<SvgChart.Point> pts = new ArrayList<>();
        for (ProbeRow p : d.probes()) {
            var c = p.pooled().goodputOf(slos);
            if (c != null) {
                GroupVerdict v = p.verdicts().get(g);
                pts.add(new SvgChart.Point(p.point().value(), p.pooled().goodputRate(c), v.pass()));
            }
        }
        h.append(SvgChart.render(
                "goodput rate (" + slos + ")",
                xLabel,
                "requests/s meeting every SLO",
                pts,
                Double.NaN,
                Double.NaN,
                ""));
    }

    /** The error messages of every probe, so that a failing run says in the report what the server said. */
    private static void errorsHtml(StringBuilder h, Data d) {
        List<ProbeRow> failing = d.probes().stream()
                .filter(p -> !p.pooled().errorSamplesOrEmpty().isEmpty())
                .toList();
        if (failing.isEmpty()) {
            return;
        }
        h.append("<h2>Errors</h2>\n<table><tr><th>value</th><th class=\"l\">kind</th><th>count</th>"
                + "<th class=\"l\">message</th></tr>\n");
        for (ProbeRow p : failing) {
            for (var e : p.pooled().errorSamplesOrEmpty()) {
                h.append("<tr><td>")
                        .append(Numbers.pressure(p.point().value()))
                        .append("</td><td class=\"l\">")
                        .append(SvgChart.esc(e.kind()))
                        .append("</td><td>")
                        .append(e.count())
                        .append("</td><td class=\"l\">")
                        .append(SvgChart.esc(e.message()))
                        .append("</td></tr>\n");
            }
        }
        h.append("</table>\n");
    }

    /** The unit of a rule metric for an axis label, as the metric registry has it. */
    static String unitOf(Metric metric) {
        String symbol = metric.unit().symbol();
        return symbol.isEmpty() ? "fraction" : symbol;
    }
}
