package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.load.LoadException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code slatune perf}: a sweep end to end against the built-in simulator (no --url), EvalScope's pairing of
 * the list flags, its request-count and warm-up arithmetic (expected values in
 * src/test/resources/evalscope/arguments.json, derived from its source), and flags refused with a reason.
 */
class PerfCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int perf(String... args) {
        PerfCommand cmd = new PerfCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = Main.configure(new CommandLine(cmd));
        cl.setErr(new java.io.PrintWriter(cmd.err, true));
        return cl.execute(args);
    }

    @Test
    void sweepsTheListedPointsAndWritesEvalScopesFilesInItsLayout() throws Exception {
        int code = perf(
                "--parallel",
                "1",
                "2",
                "4",
                "--number",
                "4",
                "8",
                "16",
                "--max-tokens",
                "8",
                "--outputs-dir",
                tmp.toString(),
                "--sleep-interval",
                "0",
                "--top-p",
                "0.9",
                "--stop",
                "</s>");
        assertThat(code).as(err.toString()).isZero();
        String o = out.toString();
        assertThat(o).contains("Detailed Performance Metrics");
        assertThat(o.lines().filter(l -> l.startsWith("│")).count()).isEqualTo(3);
        assertThat(o.split("\\| Percentiles \\| TTFT \\(s\\) \\| ITL \\(s\\) \\| TPOT \\(s\\) \\|", -1))
                .hasSize(4);
        assertThat(o).contains("Percentile results (parallel=1 number=4)", "Percentile results (parallel=4 number=16)");

        Path stamp;
        try (Stream<Path> s = Files.list(tmp)) {
            stamp = s.findFirst().orElseThrow();
        }
        assertThat(stamp.getFileName().toString()).matches("\\d{8}_\\d{6}");
        Path dir = stamp.resolve("slatune-sim");
        for (String f : List.of(
                "performance_summary.txt",
                "benchmark.log",
                "summary.json",
                "report.html",
                "parallel_1_number_4/benchmark_summary.json",
                "parallel_2_number_8/benchmark_percentile.json",
                "parallel_4_number_16/benchmark_summary.json")) {
            assertThat(dir.resolve(f)).as(f).exists();
        }
        JsonNode s4 = new ObjectMapper()
                .readTree(dir.resolve("parallel_4_number_16/benchmark_summary.json")
                        .toFile());
        assertThat(s4.get("Number of concurrency").asInt()).isEqualTo(4);
        assertThat(s4.get("Total requests").asInt()).isEqualTo(16);
        assertThat(s4.get("Average output tokens per request").asDouble()).isPositive();
        assertThat(Files.readString(dir.resolve("performance_summary.txt"))).contains("Best Performance Configuration");
        assertThat(Files.readString(dir.resolve("benchmark.log"))).contains("[run 3/3] parallel=4");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<svg", "P99 TTFT", "Request throughput");
        JsonNode summary =
                new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("points")).hasSize(3);
        assertThat(summary.get("points").get(2).get("folder").asText()).isEqualTo("parallel_4_number_16");
    }

    @Test
    void aRateSweepIsCappedByParallelAsInEvalScope() throws Exception {
        int code = perf(
                "--rate",
                "4",
                "--number",
                "6",
                "--max-tokens",
                "4",
                "--outputs-dir",
                tmp.toString(),
                "--no-timestamp",
                "--sleep-interval",
                "0");
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("--rate without --parallel: at most 1 request in flight");
        JsonNode s = new ObjectMapper()
                .readTree(tmp.resolve("slatune-sim/benchmark_summary.json").toFile());
        assertThat(s.get("Request rate (req/s)").asDouble()).isEqualTo(4.0);
        assertThat(s.get("Number of concurrency").asInt()).isEqualTo(1);
    }

    static JsonNode arguments() throws Exception {
        try (InputStream in = PerfCommandTest.class.getResourceAsStream("/evalscope/arguments.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static <T> List<T> list(JsonNode n, java.util.function.Function<JsonNode, T> f) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<T> l = new ArrayList<>();
        n.forEach(x -> l.add(f.apply(x)));
        return l;
    }

    @Test
    void pairsParallelAndNumberAsEvalScope() throws Exception {
        for (JsonNode c : arguments().get("pairs")) {
            List<Integer> par = list(c.get("parallel"), JsonNode::asInt);
            List<Long> num = list(c.get("number"), JsonNode::asLong);
            if (c.get("expected").isNull()) {
                assertThatThrownBy(() -> PerfCommand.points(par, null, num, false, false, new ArrayList<>()))
                        .as(c.toString())
                        .isInstanceOf(LoadException.class)
                        .hasMessageContaining("the length of number and parallel should be the same");
                continue;
            }
            var points = PerfCommand.points(par, null, num, false, false, new ArrayList<>());
            assertThat(points).as(c.toString()).hasSize(c.get("expected").size());
            for (int i = 0; i < points.size(); i++) {
                JsonNode e = c.get("expected").get(i);
                assertThat(points.get(i).parallel()).isEqualTo(e.get(0).asInt());
                long n = points.get(i).number() == null
                        ? LoadOptions.DEFAULT_NUMBER
                        : points.get(i).number();
                assertThat(n).isEqualTo(e.get(1).asLong());
            }
        }
    }

    @Test
    void requestsPerRunAndWarmupFollowEvalScopesArithmetic() throws Exception {
        for (JsonNode c : arguments().get("numbers")) {
            assertThat(TuneCommand.requestsPerRun(
                            c.get("value").asDouble(), c.get("multiplier").asDouble()))
                    .as(c.toString())
                    .isEqualTo(c.get("expected").asLong());
        }
        for (JsonNode c : arguments().get("warmups")) {
            LoadOptions o =
                    LoadOptionsTest.parse("--warmup-num", c.get("warmup").asText());
            assertThat(o.warmupFor(c.get("number").asLong()))
                    .as(c.toString())
                    .isEqualTo(c.get("expected").asLong());
        }
    }

    @Test
    void rateListsPairWithNumberAndCapsFollowParallel() {
        List<String> notes = new ArrayList<>();
        var points = PerfCommand.points(List.of(8), List.of(1.0, 2.0), List.of(10L, 20L), false, false, notes);
        assertThat(points).extracting(LoadOptions.Point::rate).containsExactly(1.0, 2.0);
        assertThat(points).extracting(LoadOptions.Point::maxConcurrency).containsExactly(8, 8);
        assertThat(PerfCommand.points(null, List.of(1.0), List.of(5L), true, false, notes)
                        .get(0)
                        .maxConcurrency())
                .isZero();
        assertThatThrownBy(() -> PerfCommand.points(null, List.of(1.0, 2.0), List.of(5L), false, false, notes))
                .hasMessageContaining("give one --number per --rate value");
    }

    @Test
    void refusedFlagsSayWhyAndWhatToUse() {
        assertThat(perf("--multi-turn", "--outputs-dir", tmp.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("--multi-turn is not supported: multi-turn conversations are not "
                        + "supported; use a single-turn dataset");
        err.reset();
        assertThat(perf("--dataset", "longalpaca", "--outputs-dir", tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("hub datasets", "slatune downloads no data sets", "--dataset-path FILE");
        err.reset();
        assertThat(perf("--dataset", "openqa", "--outputs-dir", tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--dataset-path", "HC3-Chinese open_qa.jsonl");
        err.reset();
        assertThat(perf("--max-tokens", "10", "20", "30")).isEqualTo(2);
    }

    @Test
    void openqaAndCustomDatasetsReadLocalFiles() throws Exception {
        Path qa = tmp.resolve("open_qa.jsonl");
        Files.writeString(
                qa,
                "{\"question\": \" What is a token? \", \"human_answers\": []}\n"
                        + "{\"question\": \"Why is the sky blue?\"}\n");
        int code = perf(
                "--dataset",
                "openqa",
                "--dataset-path",
                qa.toString(),
                "--number",
                "3",
                "--max-tokens",
                "4",
                "--outputs-dir",
                tmp.toString(),
                "--no-timestamp",
                "--name",
                "qa",
                "--sleep-interval",
                "0");
        assertThat(code).as(err.toString()).isZero();
        assertThat(tmp.resolve("qa/benchmark_summary.json")).exists();
        Path lines = tmp.resolve("prompts.txt");
        Files.writeString(lines, "first prompt\nsecond prompt\n");
        err.reset();
        code = perf(
                "--dataset",
                "custom",
                "--dataset-path",
                lines.toString(),
                "--number",
                "2",
                "--max-tokens",
                "4",
                "--outputs-dir",
                tmp.toString(),
                "--no-timestamp",
                "--name",
                "custom",
                "--sleep-interval",
                "0");
        assertThat(code).as(err.toString()).isZero();
    }
}
