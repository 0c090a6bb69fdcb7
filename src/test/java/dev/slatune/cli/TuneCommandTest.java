package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slatune.RealTime;
import dev.slatune.simulator.CapacityModel;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code slatune tune} end to end against the in-process simulator, with capacity models whose
 * boundaries follow from docs/simulator.md: the seed document's three examples as scenarios, the
 * report files, and every exit code.
 */
@RealTime
class TuneCommandTest {

    /**
     * No prefill cost and no jitter: closed-loop latency is (n + 1) steps of 20 ms + 2 ms per running
     * sequence. Steps this long keep the boundary where the model puts it even when the test machine
     * is busy and timers fire a few milliseconds late. (They were 40 + 4 ms with thresholds and rates
     * twice as far apart: the same searches, the same sample counts, twice the wall-clock time.)
     */
    private static final CapacityModel STEEP =
            new CapacityModel(64, Duration.ofMillis(20), Duration.ofMillis(2), Duration.ZERO, 0.0);

    private static final int STEEP_OUTPUT_TOKENS = 8;
    /** The steep steps with eight slots: open-loop TTFT stays at one to two steps until the queue builds. */
    private static final CapacityModel STEEP_EIGHT_SLOTS =
            new CapacityModel(8, Duration.ofMillis(20), Duration.ofMillis(2), Duration.ZERO, 0.0);
    /** Eight batch slots: throughput saturates at concurrency 8 and stays flat beyond (a plateau). */
    private static final CapacityModel EIGHT_SLOTS =
            new CapacityModel(8, Duration.ofMillis(8), Duration.ofMillis(1), Duration.ZERO, 0.0);

    private static final int OUTPUT_TOKENS = 16;

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

    private String url(CapacityModel capacity) {
        sim = SimulatorServer.start(SimulatorConfig.defaults().withCapacity(capacity));
        return sim.baseUrl() + "/v1/chat/completions";
    }

    private int tune(String... args) {
        TuneCommand cmd = new TuneCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = Main.configure(new CommandLine(cmd));
        cl.setErr(new java.io.PrintWriter(cmd.err, true));
        return cl.execute(args);
    }

    private List<String> common(String url) {
        return new ArrayList<>(List.of(
                "--url",
                url,
                "--model",
                SimulatorConfig.DEFAULT_MODEL,
                "--max-tokens",
                Integer.toString(OUTPUT_TOKENS),
                "--min-prompt-length",
                "64",
                "--max-prompt-length",
                "64",
                "--outputs-dir",
                tmp.toString(),
                "--no-timestamp"));
    }

    /** Where the run writes: EvalScope's layout without the timestamp level. */
    private Path dir() {
        return tmp.resolve(SimulatorConfig.DEFAULT_MODEL);
    }

    /** Whether some run reported the load generator as the bottleneck (the machine was too busy). */
    private boolean clientLimited() {
        return err.toString().contains("WARNING client-side bottleneck");
    }

    private JsonNode summary() throws Exception {
        return new ObjectMapper().readTree(dir().resolve("summary.json").toFile());
    }

    @Test
    void findsTheMaxConcurrencyUnderAP99LatencyBound() throws Exception {
        // docs/simulator.md: predicted latency is 9 steps of (20 + 2c * 8/9) ms = 180 + 16c ms, so the
        // boundary of "p99 <= 0.5 s" is 20; clients in lockstep take 9 * (20 + 2c) = 180 + 18c ms, boundary
        // 17. The answer must lie between, with one step of margin below for p99's scheduling hiccups.
        int predicted = STEEP.maxConcurrencyWithin(Duration.ofMillis(500), 64, STEEP_OUTPUT_TOKENS, 64);
        assertThat(predicted).isEqualTo(20);
        List<String> args = common(url(STEEP));
        args.set(args.indexOf("--max-tokens") + 1, Integer.toString(STEEP_OUTPUT_TOKENS));
        args.addAll(List.of(
                "--sla-auto-tune",
                "--sla-variable",
                "parallel",
                "--sla-params",
                "[{\"p99_latency\": \"<=0.5\"}]",
                "--parallel",
                "2",
                "--sla-upper-bound",
                "64"));
        int code = tune(args.toArray(String[]::new));

        assertThat(code).as(err.toString()).isZero();
        JsonNode r = summary().get("results").get(0);
        assertThat(r.get("criteria").asText()).isEqualTo("p99_latency <= 500ms");
        // A run where the client itself was the bottleneck (a loaded test machine) is never a confident pass,
        // so then there may be no confident answer at all; the note says why.
        if (clientLimited() && r.get("maxSatisfied").isNull()) {
            assertThat(r.get("note").asText()).contains("no confident pass");
        } else {
            assertThat(r.get("maxSatisfied").asDouble()).as(out + "\n" + err).isBetween(16.0, 20.0);
            assertThat(r.get("note").asText()).startsWith("Satisfied");
        }
        assertThat(out.toString())
                .contains("Detailed Performance Metrics", "SLA Auto-tune Summary", "p99_latency <= 500ms");
        // PASS when sure, pass? when the samples (or a busy client) leave it uncertain
        assertThat(err.toString()).containsAnyOf("PASS p99_latency <= 500ms", "pass? p99_latency <= 500ms");
        assertThat(err.toString())
                .contains(
                        "[probe 1] parallel=2 run 1",
                        "note: p99_latency <= 0.5 read as 0.5 s (EvalScope since 2026-04 reads bare TTFT/TPOT in ms; "
                                + "write 500ms or 0.5s to be explicit)");
        // EvalScope's files next to ours
        assertThat(dir().resolve("sla_tuning/sla_parallel_2_run_0/benchmark_summary.json"))
                .exists();
        assertThat(dir().resolve("sla_tuning/sla_parallel_2_run_0/benchmark_percentile.json"))
                .exists();
        assertThat(new ObjectMapper()
                        .readTree(dir().resolve("sla_summary.json").toFile())
                        .has("parallel_2"))
                .isTrue();
        assertThat(Files.readString(dir().resolve("performance_summary.txt"))).contains("Detailed Performance Metrics");
        assertThat(Files.readString(dir().resolve("benchmark.log"))).contains("[probe 1] parallel=2 run 1");
        assertThat(Files.readString(dir().resolve("probes.csv"))).startsWith("order,value,runs");
        String html = Files.readString(dir().resolve("report.html"));
        assertThat(html)
                .contains("<svg", "threshold", "max satisfied")
                .doesNotContain("<script", "<link", "src=\"http", "@import")
                .contains("xmlns=\"http://www.w3.org/2000/svg\"");
    }

    @Test
    void findsTheConcurrencyOfMaximumTps() throws Exception {
        List<String> args = common(url(EIGHT_SLOTS));
        args.addAll(List.of(
                "--sla-variable",
                "parallel",
                "--sla-params",
                "[{\"tps\": \"max\"}]",
                "--parallel",
                "4",
                "--sla-upper-bound",
                "32"));
        int code = tune(args.toArray(String[]::new));

        assertThat(code).as(err.toString()).isZero();
        JsonNode r = summary().get("results").get(0);
        assertThat(r.get("criteria").asText()).isEqualTo("tps -> max");
        // Throughput rises until the 8 slots are full and then levels off; with only 2 x c requests a
        // probe, the ramp-up and drain of each probe keep the measured curve creeping up beyond that. The
        // answer must be a measured pressure whose tps is within the 2% plateau band of the best seen.
        double answer = r.get("maxSatisfied").asDouble();
        assertThat(answer).isGreaterThanOrEqualTo(8.0);
        double best = 0;
        double atAnswer = Double.NaN;
        for (JsonNode p : summary().get("probes")) {
            double tps = p.get("pooled").get("tps").asDouble();
            best = Math.max(best, tps);
            if (p.get("value").asDouble() == answer) {
                atAnswer = tps;
            }
        }
        assertThat(atAnswer).isGreaterThanOrEqualTo(0.98 * best);
        assertThat(r.get("note").asText()).startsWith("Best tps");
    }

    @Test
    void findsTheMaxRateUnderTwoTtftBoundsOneUnreachable() throws Exception {
        List<String> args = common(url(STEEP_EIGHT_SLOTS));
        args.set(args.indexOf("--max-tokens") + 1, Integer.toString(STEEP_OUTPUT_TOKENS));
        args.addAll(List.of(
                "--sla-variable",
                "rate",
                "--sla-params",
                "[{\"p99_ttft\": \"<125ms\"}, {\"p99_ttft\": \"<1ms\"}]",
                "--rate",
                "4",
                "--sla-num-runs",
                "1",
                "--sla-lower-bound",
                "2",
                "--sla-upper-bound",
                "128"));
        int code = tune(args.toArray(String[]::new));

        assertThat(code).as(err.toString()).isZero();
        JsonNode results = summary().get("results");
        // A request waits for the step in flight, then is prefilled in the next: TTFT is 1 to 2 steps of
        // 20-36 ms until the 8 slots fill. Capacity is 8 / (8 steps of ~36 ms) ~ 28 req/s; near it the
        // queue grows and TTFT with it, so the boundary lies below 28 req/s and well above 4. (Rates are
        // high enough that a probe's samples arrive in half the time they took at 40 ms steps.)
        if (!(clientLimited() && results.get(0).get("maxSatisfied").isNull())) {
            assertThat(results.get(0).get("maxSatisfied").asDouble())
                    .as(err.toString())
                    .isBetween(8.0, 32.0);
        }
        assertThat(results.get(1).get("maxSatisfied").isNull()).isTrue();
        assertThat(results.get(1).get("note").asText()).startsWith("Failed at lower bound (2)");
        assertThat(summary().get("probes").get(0).get("value").asDouble()).isEqualTo(4.0);
    }

    @Test
    void aRateSearchHonoursFixedParallelAndTheEvalScopeStrategyShowsWhatItJudged() throws Exception {
        List<String> args = common(url(EIGHT_SLOTS));
        args.addAll(List.of(
                "--strategy",
                "evalscope",
                "--sla-variable",
                "rate",
                "--rate",
                "2",
                "--sla-fixed-parallel",
                "3",
                "--sla-upper-bound",
                "4",
                "--sla-num-runs",
                "2",
                "--sla-params",
                "[{\"p99_latency\": \"<=10s\"}]"));
        int code = tune(args.toArray(String[]::new));

        assertThat(code).as(err.toString()).isZero();
        JsonNode s = summary();
        assertThat(s.get("context").get("max in flight").asText()).isEqualTo("3 (--sla-fixed-parallel)");
        assertThat(s.get("results").get(0).get("maxSatisfied").asDouble()).isEqualTo(4.0);
        JsonNode p = s.get("probes").get(0);
        assertThat(p.get("value").asDouble()).isEqualTo(2.0);
        // the judged figures are the per-run averages; the pooled ones are labelled as such
        double avgOfRuns = (p.get("runs").get(0).get("rps").asDouble()
                        + p.get("runs").get(1).get("rps").asDouble())
                / 2;
        assertThat(p.get("judged").get("rps").asDouble())
                .isCloseTo(avgOfRuns, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.has("pooled")).isTrue();
        assertThat(p.get("runs").get(0).get("client").get("maxInFlight").asInt())
                .isLessThanOrEqualTo(3);
        assertThat(Files.readString(dir().resolve("probes.csv")))
                .contains(",figures,")
                .contains("per-run average");
        JsonNode run = new ObjectMapper()
                .readTree(dir().resolve("sla_tuning/sla_rate_2_run_1/benchmark_summary.json")
                        .toFile());
        assertThat(run.get("Number of concurrency").asInt()).isEqualTo(3);
        assertThat(run.get("Request rate (req/s)").asDouble()).isEqualTo(2.0);
        assertThat(new ObjectMapper()
                        .readTree(dir().resolve("sla_summary.json").toFile())
                        .has("rate_4"))
                .isTrue();
    }

    @Test
    void badRulesExitWith2BeforeAnyLoad() {
        int code = tune(
                "--url",
                "http://127.0.0.1:9/v1/chat/completions",
                "--model",
                "m",
                "--sla-params",
                "[{\"p99_latncy\": \"<=2s\"}]",
                "--outputs-dir",
                tmp.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("p99_latncy").contains("p99_latency");
        assertThat(dir().resolve("summary.json")).doesNotExist();
    }

    @Test
    void unknownFlagExitsWith2AndIgnorableEvalScopeFlagsWarn() {
        int code = tune("--url", "http://127.0.0.1:9/v1/chat/completions", "--sla-parms", "x");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown flag --sla-parms", "did you mean --sla-params?");
    }

    @Test
    void unreachableTargetExitsWith3() {
        int code = tune(
                "--url",
                "http://127.0.0.1:9/v1/chat/completions",
                "--model",
                "m",
                "--sla-params",
                "[{\"p99_latency\": \"<=2s\"}]",
                "--visualizer",
                "swanlab",
                "--outputs-dir",
                tmp.toString(),
                "--connect-timeout",
                "2s");
        assertThat(code).isEqualTo(3);
        assertThat(err.toString())
                .contains("note: accepted, no effect here: --visualizer (slatune uploads results nowhere");
    }

    @Test
    void missingRulesWithAUrlIsBadInput() {
        int code = tune("--url", "http://127.0.0.1:9/v1/chat/completions", "--model", "m");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--sla-params is required");
    }
}
