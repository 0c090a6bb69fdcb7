package dev.slatune.cli.evalscope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.metrics.Distribution;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.RequestCounts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance with EvalScope's output writers: the percentile definition against expected values derived from
 * its source (src/test/resources/evalscope/percentiles.json says which commit), the printed table's text, the
 * files' key names, units and layout.
 */
class EvalScopeFilesTest {

    @TempDir
    Path tmp;

    static JsonNode resource(String name) throws Exception {
        try (InputStream in = EvalScopeFilesTest.class.getResourceAsStream("/evalscope/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void percentilesAreEvalScopesNearestIndexRoundedToFourDecimals() throws Exception {
        JsonNode doc = resource("percentiles.json");
        assertThat(doc.get("follows").asText()).contains("12af7eaf");
        List<Integer> levels = new ArrayList<>();
        doc.get("percentiles").forEach(p -> levels.add(p.asInt()));
        assertThat(levels).isEqualTo(Percentiles.LEVELS);
        assertThat(doc.get("cases")).hasSizeGreaterThanOrEqualTo(12);
        for (JsonNode c : doc.get("cases")) {
            double[] values = new double[c.get("values").size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = c.get("values").get(i).asDouble();
            }
            for (int p : Percentiles.LEVELS) {
                JsonNode e = c.get("expected").get(Integer.toString(p));
                double got = Percentiles.at(values, p);
                if (e.isNull()) {
                    assertThat(got).as(c.get("name").asText() + " p" + p).isNaN();
                } else {
                    assertThat(got).as(c.get("name").asText() + " p" + p).isEqualTo(e.asDouble());
                }
            }
        }
    }

    private static RunSheet sheet() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            // ttft, tpot, latency, input, output
            rows.add(new double[] {0.01 * i, i == 1 ? 0 : 0.002, 0.5 + 0.01 * i, 100, i == 1 ? 1 : 64});
        }
        return RunSheet.of(rows, List.of(0.002, 0.003, 0.004));
    }

    @Test
    void thePercentileTableHasEvalScopesColumnsAndPrettyLayout() {
        Map<String, List<Object>> t = Percentiles.byColumn(sheet());
        assertThat(t.keySet())
                .containsExactly(
                        "Percentiles",
                        "TTFT (s)",
                        "ITL (s)",
                        "TPOT (s)",
                        "Latency (s)",
                        "Input tokens",
                        "Output tokens",
                        "Output (tok/s)",
                        "Total (tok/s)");
        assertThat(t.get("Percentiles"))
                .containsExactly("10%", "25%", "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%");
        assertThat(t.get("Input tokens").get(0)).isEqualTo(100L);
        // 20 values: 10% is index 2 (the third smallest), 99% index 19
        assertThat(t.get("TTFT (s)").get(0)).isEqualTo(0.03);
        assertThat(t.get("TTFT (s)").get(9)).isEqualTo(0.2);
        String table = Percentiles.table(t);
        String[] lines = table.split("\n");
        assertThat(lines[0]).startsWith("+-------------+----------+---------+");
        assertThat(lines[1])
                .isEqualTo("| Percentiles | TTFT (s) | ITL (s) | TPOT (s) | Latency (s) | Input tokens "
                        + "| Output tokens | Output (tok/s) | Total (tok/s) |");
        assertThat(lines[3]).startsWith("|     10%     |   0.03   |  0.002  |  0.002   |");
        assertThat(lines).hasSize(14);
    }

    @Test
    void pythonStrOfNumbers() {
        assertThat(Percentiles.py(0.0)).isEqualTo("0.0");
        assertThat(Percentiles.py(0.0532)).isEqualTo("0.0532");
        assertThat(Percentiles.py(100L)).isEqualTo("100");
        assertThat(Percentiles.py(167.0738)).isEqualTo("167.0738");
        assertThat(Percentiles.py(1e-5)).isEqualTo("1e-05");
        assertThat(Percentiles.py(1e-4)).isEqualTo("0.0001");
        assertThat(Percentiles.py(120.0)).isEqualTo("120.0");
        assertThat(Percentiles.py(Double.NaN)).isEqualTo("nan");
    }

    static ProbeResult result(String variable, double value, long ok, long failed) {
        Distribution lat = new Distribution(ok, 0.6, 0.6, 0.7, 0.71, 0.72);
        Distribution ttft = new Distribution(ok, 0.1, 0.1, 0.11, 0.12, 0.2);
        Distribution tpot = new Distribution(ok, 0.002, 0.002, 0.002, 0.003, 0.004);
        return new ProbeResult(
                ProbeResult.SCHEMA,
                variable,
                value,
                1,
                0,
                10.0,
                new RequestCounts(ok + failed, ok, failed, Map.of()),
                ok / 10.0,
                64.0 * ok / 10.0,
                10.0 * ok,
                64 * ok,
                100 * ok,
                0,
                lat,
                ttft,
                tpot,
                tpot,
                null,
                Map.of());
    }

    @Test
    void benchmarkSummaryHasEvalScopesKeysInSeconds() {
        Map<String, Object> m = EvalScopeFiles.summary(result("parallel", 4, 20, 0), sheet(), 4, -1);
        assertThat(m.keySet())
                .containsExactly(
                        "Time taken for tests (s)",
                        "Number of concurrency",
                        "Request rate (req/s)",
                        "Total requests",
                        "Succeed requests",
                        "Failed requests",
                        "Output token throughput (tok/s)",
                        "Total token throughput (tok/s)",
                        "Request throughput (req/s)",
                        "Average latency (s)",
                        "Average time to first token (s)",
                        "Average time per output token (s)",
                        "Average inter-token latency (s)",
                        "Average input tokens per request",
                        "Average output tokens per request");
        assertThat(m.get("Number of concurrency")).isEqualTo(4L);
        assertThat(m.get("Request rate (req/s)")).isEqualTo(-1L);
        assertThat(m.get("Request throughput (req/s)")).isEqualTo(2.0);
        assertThat(m.get("Total token throughput (tok/s)")).isEqualTo(328.0);
        assertThat(m.get("Average latency (s)")).isEqualTo(0.6);
        assertThat(m.get("Average input tokens per request")).isEqualTo(100.0);
        // EvalScope's TPOT: 0 for the one-token reply, 0.002 for the others
        assertThat((double) m.get("Average time per output token (s)")).isEqualTo(0.0019);
    }

    @Test
    void filesAndLayoutAreEvalScopes() throws Exception {
        LocalDateTime t = LocalDateTime.of(2025, 12, 18, 16, 30, 37);
        assertThat(EvalScopeFiles.outputDir(tmp, t, false, null, "Qwen/Qwen2.5-0.5B-Instruct"))
                .isEqualTo(tmp.resolve("20251218_163037").resolve("Qwen2.5-0.5B-Instruct"));
        assertThat(EvalScopeFiles.outputDir(tmp, t, true, "my:run", "m")).isEqualTo(tmp.resolve("my_run"));
        assertThat(EvalScopeFiles.sweepFolder(4, null, 40)).isEqualTo("parallel_4_number_40");
        assertThat(EvalScopeFiles.slaRunFolder("parallel", 5, 2))
                .isEqualTo(Path.of("sla_tuning", "sla_parallel_5_run_2"));
        assertThat(EvalScopeFiles.slaRunFolder("rate", 2.5, 0)).isEqualTo(Path.of("sla_tuning", "sla_rate_2.5_run_0"));

        Map<String, Object> s = EvalScopeFiles.summary(result("parallel", 2, 20, 0), sheet(), 2, -1);
        Map<String, List<Object>> p = Percentiles.byColumn(sheet());
        EvalScopeFiles.writeRun(tmp.resolve("run"), s, p);
        JsonNode perc = new ObjectMapper()
                .readTree(tmp.resolve("run/benchmark_percentile.json").toFile());
        assertThat(perc).hasSize(10);
        assertThat(perc.get(0).get("Percentiles").asText()).isEqualTo("10%");
        assertThat(perc.get(9).get("Latency (s)").asDouble()).isEqualTo(0.7);
        assertThat(new ObjectMapper()
                        .readTree(tmp.resolve("run/benchmark_summary.json").toFile())
                        .get("Succeed requests")
                        .asLong())
                .isEqualTo(20);

        Map<String, Object> s2 = EvalScopeFiles.summary(result("parallel", 2, 19, 1), sheet(), 2, -1);
        Map<String, Object> avg = EvalScopeFiles.averaged(List.of(s, s2), List.of(p, p));
        EvalScopeFiles.writeSlaSummary(tmp, "parallel", Map.of(2.0, avg));
        JsonNode sla =
                new ObjectMapper().readTree(tmp.resolve("sla_summary.json").toFile());
        // average_results averages every number, counts included
        assertThat(sla.get("parallel_2").get("metrics").get("Succeed requests").asDouble())
                .isEqualTo(19.5);
        assertThat(sla.get("parallel_2")
                        .get("percentiles")
                        .get("Percentiles")
                        .get(0)
                        .asText())
                .isEqualTo("10%");
        assertThat(sla.get("parallel_2").get("percentiles").get("TTFT (s)")).hasSize(10);
    }

    @Test
    void performanceSummaryRecommendsAsEvalScope() {
        List<ProbeResult> rows =
                List.of(result("parallel", 1, 10, 0), result("parallel", 2, 20, 0), result("parallel", 4, 30, 0));
        String text = EvalScopeFiles.performanceSummary("Qwen/Qwen2.5-0.5B-Instruct", "random", "openai", tmp, rows);
        assertThat(text)
                .contains(
                        "Performance Test Summary Report",
                        "Basic Information:",
                        "Qwen2.5-0.5B-Instruct",
                        "Detailed Performance Metrics",
                        "Best Performance Configuration",
                        "Highest RPS",
                        "Concurrency 4 (3.00 req/sec)",
                        "Performance Recommendations:",
                        "• The system seems not to have reached its performance bottleneck, try higher concurrency");
        List<ProbeResult> peak =
                List.of(result("parallel", 1, 10, 0), result("parallel", 2, 30, 0), result("parallel", 4, 20, 10));
        assertThat(EvalScopeFiles.recommendations(peak, 1))
                .containsExactly(
                        "Optimal concurrency range is around 2",
                        "Success rate is low at high concurrency, check system resources or reduce concurrency");
        assertThat(EvalScopeFiles.recommendations(peak, 0)).first().asString().startsWith("Consider lowering");
    }

    @Test
    void benchmarkLogHoldsWhatWasPrinted() throws Exception {
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        try (BenchmarkLog log = BenchmarkLog.open(tmp.resolve("x"), new java.io.PrintStream(console, true))) {
            log.stream().println("[run 1/3] parallel=1");
        }
        assertThat(console.toString()).contains("[run 1/3] parallel=1");
        assertThat(Files.readString(tmp.resolve("x/benchmark.log"))).contains("[run 1/3] parallel=1");
    }
}
