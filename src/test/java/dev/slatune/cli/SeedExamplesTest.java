package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The seed document's three {@code evalscope perf} command lines (src/test/resources/evalscope/seed-examples.txt)
 * run unchanged under {@code slatune perf} and {@code slatune tune} against the simulator: only the URL's port is
 * the test's, and the tokenizer id resolves to a cached test tokenizer instead of a download. The simulator runs
 * one-millisecond steps so that 1024-token replies take about a second.
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

    private List<String> pointed(Example e) {
        List<String> args = new ArrayList<>(e.args());
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
            int code = run(cmd, cache, pointed(ex.get(i)));
            assertThat(code).as("example " + (i + 1) + ": " + err).isZero();
            for (String note : ex.get(i).notes()) {
                assertThat(err.toString()).contains("note: " + note);
            }
            assertThat(out.toString()).contains("Detailed Performance Metrics", "SLA Auto-tune Summary");
            out.reset();
            err.reset();
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
