package dev.slatune.cli.evalscope;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.cli.report.ResultTable;
import dev.slatune.cli.report.SvgChart;
import dev.slatune.json.Json;
import dev.slatune.metrics.ProbeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * slatune's own files of a {@code perf} sweep next to EvalScope's: {@code summary.json} (every point's full
 * result and its EvalScope summary) and a self-contained {@code report.html} with one chart per metric across
 * the points and the performance table.
 */
public final class SweepReport {

    /** The schema of the sweep's summary.json. */
    public static final String SCHEMA = "slatune.dev/perf-summary/v1";

    private static final ObjectMapper JSON = Json.pretty();

    /**
     * One measured point of the sweep.
     *
     * @param variable "parallel" or "rate": what the x axis is
     * @param value the pressure
     * @param number measured requests asked for (0 for time-bounded)
     * @param folder where its EvalScope files are, relative to the output directory ("" for the directory itself)
     * @param result its measurement
     * @param evalscope its benchmark_summary.json content
     */
    public record Point(
            String variable,
            double value,
            long number,
            String folder,
            ProbeResult result,
            Map<String, Object> evalscope) {}

    private SweepReport() {}

    /** Writes summary.json and report.html into {@code dir}. */
    public static void write(Path dir, Map<String, Object> context, List<Point> points) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.json"), json(context, points), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(context, points), StandardCharsets.UTF_8);
    }

    static String json(Map<String, Object> context, List<Point> points) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("context", context);
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Point p : points) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variable", p.variable());
            m.put("value", p.value());
            m.put("number", p.number());
            m.put("folder", p.folder());
            @SuppressWarnings("unchecked")
            Map<String, Object> r = JSON.convertValue(p.result(), LinkedHashMap.class);
            r.remove("histograms");
            m.put("result", r);
            m.put("evalscope", p.evalscope());
            ps.add(m);
        }
        root.put("points", ps);
        return JSON.writeValueAsString(root) + "\n";
    }

    /** The metrics charted across the points: title, unit, value. */
    private static final List<Chart> CHARTS = List.of(
            new Chart("Request throughput", "req/s", ProbeResult::rps),
            new Chart("Output token throughput", "tok/s", ProbeResult::tps),
            new Chart("Average latency", "s", r -> r.latency().avg()),
            new Chart("P99 latency", "s", r -> r.latency().p99()),
            new Chart("Average TTFT", "s", r -> r.ttft().avg()),
            new Chart("P99 TTFT", "s", r -> r.ttft().p99()),
            new Chart("Average TPOT", "s", r -> r.tpot().avg()),
            new Chart("P99 TPOT", "s", r -> r.tpot().p99()),
            new Chart("Success rate", "%", r -> r.successRate() * 100));

    private record Chart(String title, String unit, ToDoubleFunction<ProbeResult> value) {}

    static String html(Map<String, Object> context, List<Point> points) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>slatune perf report</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
                + "text-align:left}th{background:#f4f4f4}.charts{display:flex;flex-wrap:wrap;gap:1em}"
                + "pre{background:#f8f8f8;padding:1em}</style></head><body>\n<h1>Performance sweep</h1>\n<table>");
        context.forEach((k, v) -> h.append("<tr><th>")
                .append(esc(k))
                .append("</th><td>")
                .append(esc(String.valueOf(v)))
                .append("</td></tr>"));
        h.append("</table>\n");
        String variable = points.isEmpty() ? "parallel" : points.get(0).variable();
        String xLabel = "parallel".equals(variable) ? "concurrency (requests in flight)" : "request rate (req/s)";
        h.append("<h2>Metrics across the points</h2>\n<div class=\"charts\">\n");
        for (Chart c : CHARTS) {
            List<SvgChart.Point> pts = new ArrayList<>();
            for (Point p : points) {
                pts.add(new SvgChart.Point(p.value(), c.value().applyAsDouble(p.result()), true));
            }
            h.append(SvgChart.render(
                    c.title() + " (" + c.unit() + ")",
                    xLabel,
                    c.title() + " (" + c.unit() + ")",
                    pts,
                    Double.NaN,
                    Double.NaN,
                    ""));
        }
        h.append("</div>\n<h2>Detailed Performance Metrics</h2>\n<pre>")
                .append(esc(
                        ResultTable.render(points.stream().map(Point::result).toList())))
                .append("</pre>\n");
        h.append("<h2>EvalScope files of each point</h2>\n<ul>");
        for (Point p : points) {
            String f = p.folder().isEmpty() ? "." : p.folder();
            h.append("<li>")
                    .append(esc(variable))
                    .append(' ')
                    .append(esc(EvalScopeFiles.py(p.value())))
                    .append(": <a href=\"")
                    .append(esc(f))
                    .append("/benchmark_summary.json\">")
                    .append(esc(f))
                    .append("/benchmark_summary.json</a></li>");
        }
        return h.append("</ul>\n</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
