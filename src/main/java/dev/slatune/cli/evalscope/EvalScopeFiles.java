package dev.slatune.cli.evalscope;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.cli.report.ResultTable;
import dev.slatune.json.Json;
import dev.slatune.metrics.ProbeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files {@code evalscope perf} leaves behind, with its key names and units (seconds, as in the seed
 * document's era): per run {@code benchmark_summary.json} and {@code benchmark_percentile.json}; per SLA
 * search {@code sla_summary.json} (each point's runs averaged, as EvalScope's {@code average_results});
 * {@code performance_summary.txt} (the table of all points). A number that could not be measured is
 * written as {@code null} where EvalScope would write {@code NaN}, which is not JSON.
 */
public final class EvalScopeFiles {

    /** The EvalScope commit whose output writers these follow (see docs/evalscope.md). */
    public static final String FOLLOWS = "modelscope/evalscope sla_util.py 12af7eaf, db_util.py and "
            + "rich_display.py of the same era (late 2025)";

    private static final ObjectMapper JSON = Json.pretty();

    private EvalScopeFiles() {}

    /**
     * EvalScope's output directory: {@code <outputs>/<yyyyMMdd_HHmmss>/<name or model>}, or without the
     * timestamp level; the name has characters that are illegal in file names replaced by '_'.
     */
    public static Path outputDir(Path outputs, LocalDateTime now, boolean noTimestamp, String name, String model) {
        String leaf =
                (name != null && !name.isBlank() ? name : baseName(model)).replaceAll("[<>:\"|?*\\\\/\\x00]", "_");
        if (leaf.isEmpty()) {
            leaf = "model";
        }
        return noTimestamp
                ? outputs.resolve(leaf)
                : outputs.resolve(now.format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")))
                        .resolve(leaf);
    }

    /** EvalScope's model_id: the last path segment of --model. */
    static String baseName(String model) {
        if (model == null) {
            return "model";
        }
        String m = model.endsWith("/") ? model.substring(0, model.length() - 1) : model;
        return m.substring(m.lastIndexOf('/') + 1);
    }

    /**
     * One run's {@code benchmark_summary.json} content, in EvalScope's key order.
     *
     * @param concurrency EvalScope's "Number of concurrency": the closed-loop parallel, or the cap in a rate run
     *     (-1 for no cap)
     * @param rate the arrival rate, or -1 in closed loop
     */
    public static Map<String, Object> summary(ProbeResult r, RunSheet sheet, double concurrency, double rate) {
        Map<String, Object> m = new LinkedHashMap<>();
        long ok = r.requests().succeeded();
        m.put("Time taken for tests (s)", num(r.windowSeconds()));
        m.put("Number of concurrency", whole(concurrency));
        m.put("Request rate (req/s)", whole(rate));
        m.put("Total requests", r.requests().total());
        m.put("Succeed requests", ok);
        m.put("Failed requests", r.requests().failed());
        m.put("Output token throughput (tok/s)", num(r.tps()));
        m.put(
                "Total token throughput (tok/s)",
                num(r.windowSeconds() > 0 ? (r.inputTokens() + r.outputTokens()) / r.windowSeconds() : Double.NaN));
        m.put("Request throughput (req/s)", num(r.rps()));
        m.put("Average latency (s)", num(r.latency().avg()));
        m.put("Average time to first token (s)", num(sheet.mean("ttft")));
        m.put("Average time per output token (s)", num(sheet.mean("tpot")));
        m.put("Average inter-token latency (s)", num(r.itl().avg()));
        m.put("Average input tokens per request", num(ok == 0 ? Double.NaN : (double) r.inputTokens() / ok));
        m.put("Average output tokens per request", num(ok == 0 ? Double.NaN : (double) r.outputTokens() / ok));
        return m;
    }

    /** The percentile table of one run, by column (EvalScope's {@code percentile_result}). */
    public static Map<String, List<Object>> percentiles(RunSheet sheet) {
        return Percentiles.byColumn(sheet);
    }

    /** The percentile table as EvalScope prints it after a run. */
    public static String percentileTable(Map<String, List<Object>> byColumn) {
        return Percentiles.table(byColumn);
    }

    /** Writes one run's {@code benchmark_summary.json} and {@code benchmark_percentile.json} into {@code dir}. */
    public static void writeRun(Path dir, Map<String, Object> summary, Map<String, List<Object>> percentiles)
            throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("benchmark_summary.json"), summary);
        write(dir.resolve("benchmark_percentile.json"), Percentiles.rows(percentiles));
    }

    /** The per-run folder name of a sweep point, as EvalScope's run_multi_benchmark names it. */
    public static String sweepFolder(Integer parallel, Double rate, long number) {
        return rate == null ? "parallel_" + parallel + "_number_" + number : "rate_" + py(rate) + "_number_" + number;
    }

    /** The per-run folder of an SLA probe run, relative to the output directory. */
    public static Path slaRunFolder(String variable, double value, int run) {
        return Path.of("sla_tuning", "sla_" + variable + "_" + py(value) + "_run_" + run);
    }

    /** One point's runs averaged as EvalScope's {@code average_results}: every number and every percentile. */
    public static Map<String, Object> averaged(
            List<Map<String, Object>> summaries, List<Map<String, List<Object>>> percentiles) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (String k : summaries.get(0).keySet()) {
            List<Double> vals = new ArrayList<>();
            for (Map<String, Object> s : summaries) {
                if (s.get(k) instanceof Number n) {
                    vals.add(n.doubleValue());
                }
            }
            if (!vals.isEmpty()) {
                metrics.put(
                        k,
                        vals.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            }
        }
        Map<String, Object> perc = new LinkedHashMap<>();
        for (String k : percentiles.get(0).keySet()) {
            if (Percentiles.LABEL.equals(k)) {
                perc.put(k, percentiles.get(0).get(k));
                continue;
            }
            List<Object> avg = new ArrayList<>();
            for (int i = 0; i < Percentiles.LEVELS.size(); i++) {
                double sum = 0;
                int n = 0;
                for (Map<String, List<Object>> p : percentiles) {
                    if (p.get(k).get(i) instanceof Number x && Double.isFinite(x.doubleValue())) {
                        sum += x.doubleValue();
                        n++;
                    }
                }
                avg.add(n == 0 ? 0 : sum / n); // EvalScope puts 0 where no run has a value
            }
            perc.put(k, avg);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metrics", metrics);
        out.put("percentiles", perc);
        return out;
    }

    /** Writes {@code sla_summary.json}: {@code {"parallel_2": {"metrics": ..., "percentiles": ...}, ...}}. */
    public static void writeSlaSummary(Path dir, String variable, Map<Double, Map<String, Object>> byValue)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        byValue.forEach((v, res) -> root.put(variable + "_" + py(v), res));
        Files.createDirectories(dir);
        write(dir.resolve("sla_summary.json"), root);
    }

    /**
     * The text of {@code performance_summary.txt}: basic information, the "Detailed Performance Metrics" table,
     * the best configuration and EvalScope's recommendations.
     *
     * @param rows one result per point, in pressure order
     */
    public static String performanceSummary(
            String model, String dataset, String api, Path dir, List<ProbeResult> rows) {
        long tokens = rows.stream().mapToLong(ProbeResult::outputTokens).sum();
        double time = rows.stream().mapToDouble(ProbeResult::windowSeconds).sum();
        StringBuilder sb = new StringBuilder("Performance Test Summary Report\n\nBasic Information:\n");
        basic(sb, "Model", baseName(model));
        basic(sb, "Test Dataset", dataset);
        basic(sb, "API Type", api);
        basic(sb, "Total Generated", String.format(Locale.ROOT, "%,d tokens", tokens));
        basic(sb, "Total Test Time", String.format(Locale.ROOT, "%.2f seconds", time));
        basic(sb, "Avg Output Rate", time > 0 ? String.format(Locale.ROOT, "%.2f tokens/sec", tokens / time) : "N/A");
        basic(sb, "Output Path", String.valueOf(dir));
        sb.append('\n').append(ResultTable.render(rows)).append('\n');
        if (rows.isEmpty()) {
            return sb.toString();
        }
        int best = 0;
        int fastest = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).rps() > rows.get(best).rps()) {
                best = i;
            }
            if (rows.get(i).latency().avg() < rows.get(fastest).latency().avg()) {
                fastest = i;
            }
        }
        sb.append("Best Performance Configuration\n");
        sb.append(String.format(
                Locale.ROOT,
                " %-19s Concurrency %s (%.2f req/sec)%n",
                "Highest RPS",
                conc(rows.get(best)),
                rows.get(best).rps()));
        sb.append(String.format(
                Locale.ROOT,
                " %-19s Concurrency %s (%.3f seconds)%n",
                "Lowest Latency",
                conc(rows.get(fastest)),
                rows.get(fastest).latency().avg()));
        sb.append("\nPerformance Recommendations:\n");
        for (String rec : recommendations(rows, best)) {
            sb.append("• ").append(rec).append('\n');
        }
        return sb.toString();
    }

    /** EvalScope's recommendations, from the highest-RPS row and the last row's success rate. */
    static List<String> recommendations(List<ProbeResult> rows, int best) {
        List<String> recs = new ArrayList<>();
        if (best == rows.size() - 1) {
            recs.add("The system seems not to have reached its performance bottleneck, try higher concurrency");
        } else if (best == 0) {
            recs.add("Consider lowering concurrency, current load may be too high");
        } else {
            recs.add("Optimal concurrency range is around " + conc(rows.get(best)));
        }
        double last = rows.get(rows.size() - 1).successRate();
        if (Double.isFinite(last) && Percentiles.round4(last * 100) < 95) {
            recs.add("Success rate is low at high concurrency, check system resources or reduce concurrency");
        }
        return recs;
    }

    private static String conc(ProbeResult r) {
        return "rate".equals(r.variable())
                ? (r.client() == null ? "0" : Long.toString(r.client().maxInFlight()))
                : py(r.value());
    }

    private static void basic(StringBuilder sb, String name, String value) {
        sb.append(String.format(Locale.ROOT, "  %-25s %s%n", name, value));
    }

    private static void write(Path file, Object value) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(value) + "\n", StandardCharsets.UTF_8);
    }

    /** Rounded as EvalScope rounds its summary (4 decimals), null for NaN. */
    private static Object num(double v) {
        return Double.isFinite(v) ? (Object) Percentiles.round4(v) : null;
    }

    private static Object whole(double v) {
        return v == Math.rint(v) ? (Object) (long) v : (Object) v;
    }

    /** A pressure value as Python formats it in names: 2, 2.5. */
    public static String value(double v) {
        return py(v);
    }

    static String py(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
