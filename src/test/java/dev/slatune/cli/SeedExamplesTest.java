package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.RealTime;
import dev.slatune.load.LoadRunner;
import dev.slatune.load.TokenizerResolver;
import dev.slatune.simulator.CapacityModel;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The seed document's three {@code evalscope perf} command lines (src/test/resources/evalscope/seed-examples.txt)
 * run unchanged under {@code slatune perf} and {@code slatune tune} against the simulator: only the URL's port is
 * the test's, and the tokenizer id resolves to a cached test tokenizer instead of a download. The simulator runs
 * one-millisecond steps so that 1024-token replies take about a second.
 *
 * <p>Examples 1 and 3 run with {@code --strategy evalscope} added, the mode that repeats EvalScope's algorithm
 * step for step (the seed shows EvalScope's output): a fixed number of runs (18 and about 6), where the default
 * strategy's settle phase pools runs until its verdicts are sure, which at 64 streams of 1024 tokens on a busy
 * 2-core machine took 68 runs and minutes. Example 2 keeps the default strategy, whose plateau rule stops a
 * {@code tps: max} search at the 8 slots (EvalScope's doubling would go on while the noise improves tps). The
 * default strategy's searches of the same shapes are tested in TuneCommandTest and OperatorEndToEndTest.
 */
@RealTime
class SeedExamplesTest {

    @TempDir
    Path tmp;

    private SimulatorServer sim;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    record Example(List<String> args, List<String> notes) {}

    static List<Example> examples() throws Exception {
        List<Example> out = new ArrayList<>();
        try (InputStream in = SeedExamplesTest.class.getResourceAsStream("/evalscope/seed-examples.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("note: ")) {
                    out.get(out.size() - 1).notes().add(line.substring("note: ".length()));
                } else {
                    out.add(new Example(shellWords(line), new ArrayList<>()));
                }
            }
        }
        return out;
    }

    /** Splits a shell line: words, and single-quoted strings as one word. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }

    private int run(TuneCommand cmd, Path cache, List<String> args) {
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        TokenizerResolver resolver =
                new TokenizerResolver(URI.create("http://127.0.0.1:9"), null, cache, Duration.ofSeconds(2));
        cmd.runners = () -> new LoadRunner(Vertx.vertx(), true, Clock.systemUTC(), resolver);
        CommandLine cl = Main.configure(new CommandLine(cmd));
        cl.setErr(new java.io.PrintWriter(cmd.err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    /** Strategy flags added to each example: 1 and 3 in EvalScope's mode (see the class comment). */
    static final List<List<String>> STRATEGY =
            List.of(List.of("--strategy", "evalscope"), List.of(), List.of("--strategy", "evalscope"));

    private List<String> pointed(Example e, List<String> extra) {
        List<String> args = new ArrayList<>(e.args());
        args.addAll(extra);
        int u = args.indexOf("--url");
        args.set(u + 1, args.get(u + 1).replace("http://127.0.0.1:8801", sim.baseUrl()));
        args.addAll(List.of("--outputs-dir", tmp.toString()));
        return args;
    }

    private Path cache() throws Exception {
        Path cache = tmp.resolve("tokenizers");
        Path dir = cache.resolve("Qwen--Qwen2.5-0.5B-Instruct");
        Files.createDirectories(dir);
        try (InputStream in = SeedExamplesTest.class.getResourceAsStream("/tokenizer/tokenizer.json")) {
            Files.copy(in, dir.resolve("tokenizer.json"));
        }
        return cache;
    }

    private void start(int slots) {
        sim = SimulatorServer.start(SimulatorConfig.defaults()
                .withModel("Qwen2.5-0.5B-Instruct")
                .withCapacity(new CapacityModel(slots, Duration.ofMillis(1), Duration.ZERO, Duration.ZERO, 0.0)));
    }

    @Test
    void theSeedsExamplesRunUnchangedAsPerfAndTune() throws Exception {
        List<Example> ex = examples();
        assertThat(ex).hasSize(3);
        Path cache = cache();
        // Example 1 as perf (which is tune with --sla-auto-tune), example 2 and 3 as tune: each line once, so the
        // test stays short; the flag parsing of all three is checked under both names below.
        start(64);
        for (int i = 0; i < 3; i++) {
            TuneCommand cmd = i == 0 ? new PerfCommand() : new TuneCommand();
            if (i == 1) {
                sim.close();
                start(8); // a plateau at 8 slots keeps the max-tps search short
            }
            int code = run(cmd, cache, pointed(ex.get(i), STRATEGY.get(i)));
            String what = "example " + (i + 1) + ": " + out + "\n" + err;
            assertThat(code).as(what).isZero();
            for (String note : ex.get(i).notes()) {
                assertThat(err.toString()).contains("note: " + note);
            }
            assertThat(out.toString()).contains("Detailed Performance Metrics", "SLA Auto-tune Summary");
            checkAnswer(i + 1, latestSummary().get("results"), what);
            out.reset();
            err.reset();
        }
    }

    /**
     * Each example's answer on the test's simulator. 1: 64 slots serve ~1 s replies, so p99 stays under 2 s up
     * to the bound (measured 1.8 s at 64 with the machine's load average at 18; 1.1 s at 32). 2: throughput
     * levels off at the 8 slots. 3: 8 slots of 0.5 s replies take 16 req/s, so the 50 ms bound holds at most
     * up to near capacity (20, for Poisson bursts); a busy machine can fail it at the lower bound already (a
     * queue of 10 at rate 10 at load average 18), and the 10 ms bound never allows more than the 50 ms one.
     */
    private static void checkAnswer(int example, JsonNode results, String what) {
        JsonNode first = results.get(0);
        switch (example) {
            case 1 -> {
                assertThat(results).as(what).hasSize(1);
                assertThat(first.get("criteria").asText()).isEqualTo("p99_latency <= 2s");
                assertThat(first.get("maxSatisfied").asDouble()).as(what).isBetween(16.0, 64.0);
                assertThat(first.get("note").asText()).as(what).startsWith("Satisfied");
            }
            case 2 -> {
                assertThat(first.get("criteria").asText()).isEqualTo("tps -> max");
                assertThat(first.get("maxSatisfied").asDouble()).as(what).isGreaterThanOrEqualTo(8.0);
                assertThat(first.get("note").asText()).as(what).startsWith("Best tps");
            }
            default -> {
                assertThat(results).as(what).hasSize(2);
                assertThat(first.get("criteria").asText()).isEqualTo("p99_ttft < 50ms");
                assertThat(results.get(1).get("criteria").asText()).isEqualTo("p99_ttft < 10ms");
                double loose = rateAnswer(results.get(0), 20, what);
                double strict = rateAnswer(results.get(1), 20, what);
                assertThat(strict).as(what).isLessThanOrEqualTo(loose);
            }
        }
    }

    /** A rate answer of example 3: from the lower bound 10 to {@code atMost}, or 0 for "Failed at lower bound". */
    private static double rateAnswer(JsonNode row, double atMost, String what) {
        if (row.get("maxSatisfied").isNull()) {
            assertThat(row.get("note").asText()).as(what).startsWith("Failed at lower bound (10)");
            return 0;
        }
        assertThat(row.get("note").asText()).as(what).startsWith("Satisfied");
        double v = row.get("maxSatisfied").asDouble();
        assertThat(v).as(what).isBetween(10.0, atMost);
        return v;
    }

    /** The summary.json the last run wrote (under --outputs-dir, in a timestamped folder per run). */
    private JsonNode latestSummary() throws Exception {
        Path latest;
        try (Stream<Path> files = Files.walk(tmp)) {
            latest = files.filter(f -> f.getFileName().toString().equals("summary.json"))
                    .max(Comparator.comparing(SeedExamplesTest::modified))
                    .orElseThrow(() -> new AssertionError("no summary.json under " + tmp));
        }
        return new ObjectMapper().readTree(latest.toFile());
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everySeedLineParsesUnderBothNames() throws Exception {
        for (Example e : examples()) {
            for (TuneCommand cmd : List.of(new TuneCommand(), new PerfCommand())) {
                CommandLine cl = Main.configure(new CommandLine(cmd));
                cl.parseArgs(e.args().toArray(String[]::new));
                assertThat(cmd.unmatched).as(e.args().toString()).isEmpty();
                assertThat(cmd.slaAutoTune).isTrue();
            }
        }
    }
}
