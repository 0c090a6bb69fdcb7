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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What the server said, end to end against the simulator: its error messages under the table, in the
 * result JSON and the report, the stop with exit 2 when every request is rejected alike, and its own
 * queue and KV-cache figures per probe from its vLLM-named /metrics.
 */
@RealTime
class ServerSideReportTest {

    /** Four batch slots and slow steps: beyond four in flight requests queue, and the queue shows at /metrics. */
    private static final CapacityModel FOUR_SLOTS =
            new CapacityModel(4, Duration.ofMillis(20), Duration.ZERO, Duration.ZERO, 0.0);

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

    private String start(CapacityModel capacity, int maxModelLen) {
        SimulatorConfig d = SimulatorConfig.defaults();
        sim = SimulatorServer.start(new SimulatorConfig(
                d.host(), 0, d.model(), capacity, d.defaultOutput(), maxModelLen, d.faults(), d.seed()));
        return sim.baseUrl() + "/v1/chat/completions";
    }

    private int execute(Object cmd, String... args) {
        CommandLine cl = Main.configure(new CommandLine(cmd));
        cl.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        return cl.execute(args);
    }

    private String text(ByteArrayOutputStream s) {
        return s.toString(StandardCharsets.UTF_8);
    }

    @Test
    void loadPrintsTheServersMessageUnderTheTableAndWritesItToTheResult() throws Exception {
        String url = start(FOUR_SLOTS, 100);
        LoadCommand cmd = new LoadCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path result = tmp.resolve("result.json");
        int code = execute(
                cmd,
                "--url",
                url,
                "--model",
                SimulatorConfig.DEFAULT_MODEL,
                "--parallel",
                "2",
                "--number",
                "6",
                "--max-tokens",
                "64",
                "--min-prompt-length",
                "60",
                "--max-prompt-length",
                "60",
                "--output",
                result.toString(),
                "--termination-log",
                tmp.resolve("term").toString());
        assertThat(code).as(text(err)).isZero();
        String message = "HTTP 400: This model's maximum context length is 100 tokens. However, you requested";
        assertThat(text(out)).contains("(http_4xx=6)").contains("  http_4xx x6: " + message);
        JsonNode json = new ObjectMapper().readTree(Files.readString(result));
        assertThat(json.path("errorSamples").get(0).path("kind").asText()).isEqualTo("http_4xx");
        assertThat(json.path("errorSamples").get(0).path("count").asLong()).isEqualTo(6);
        assertThat(json.path("errorSamples").get(0).path("message").asText()).startsWith(message);
        JsonNode compact = new ObjectMapper().readTree(Files.readString(tmp.resolve("term")));
        assertThat(compact.path("errorSamples").get(0).path("message").asText()).startsWith(message);
        assertThat(text(err)).contains("server metrics: " + sim.baseUrl() + "/metrics (vllm)");
    }

    @Test
    void tuneStopsWithExit2WhenEveryRequestIsRejectedAlikeAndKeepsWhatItMeasured() throws Exception {
        String url = start(FOUR_SLOTS, 100);
        TuneCommand cmd = new TuneCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = execute(
                cmd,
                "--url",
                url,
                "--model",
                SimulatorConfig.DEFAULT_MODEL,
                "--max-tokens",
                "64",
                "--min-prompt-length",
                "60",
                "--max-prompt-length",
                "60",
                "--parallel",
                "2",
                "--sla-upper-bound",
                "16",
                "--sla-params",
                "[{\"p99_latency\": \"<=2s\"}]",
                "--outputs-dir",
                tmp.toString(),
                "--no-timestamp");
        assertThat(code).as(text(err)).isEqualTo(2);
        assertThat(text(err))
                .contains("slatune tune: request rejected: all 4 requests failed the same way (http_4xx): "
                        + "HTTP 400: This model's maximum context length is 100 tokens")
                .contains("do not fit the model's context");
        assertThat(text(err).split("\\[probe ", -1)).hasSize(2); // one probe, then the stop
        assertThat(text(out)).contains("parallel=2: http_4xx x4: HTTP 400: This model's maximum context length");
        JsonNode summary = new ObjectMapper()
                .readTree(Files.readString(
                        tmp.resolve(SimulatorConfig.DEFAULT_MODEL).resolve("summary.json")));
        assertThat(summary.path("probes")
                        .get(0)
                        .path("pooled")
                        .path("errorSamples")
                        .get(0)
                        .path("count")
                        .asLong())
                .isEqualTo(4);
        assertThat(Files.readString(tmp.resolve(SimulatorConfig.DEFAULT_MODEL).resolve("report.html")))
                .contains("<h2>Errors</h2>")
                .contains("maximum context length is 100 tokens");
    }

    @Test
    void tuneReportsTheServersQueueAndKvCachePerProbeAndWhyAValueFailed() throws Exception {
        String url = start(FOUR_SLOTS, 4096);
        TuneCommand cmd = new TuneCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        // 8 in flight on 4 slots: half of them wait, the batch (the simulator's KV cache) is full, and 8
        // tokens of 20 ms steps take 360 ms and more: over the 0.3 s bound at the lower bound itself.
        int code = execute(
                cmd,
                "--url",
                url,
                "--model",
                SimulatorConfig.DEFAULT_MODEL,
                "--max-tokens",
                "8",
                "--min-prompt-length",
                "16",
                "--max-prompt-length",
                "16",
                "--parallel",
                "8",
                "--sla-lower-bound",
                "8",
                "--sla-upper-bound",
                "16",
                "--sla-num-runs",
                "1",
                "--sla-number-multiplier",
                "4",
                "--sla-params",
                "[{\"p99_latency\": \"<=0.3s\"}]",
                "--outputs-dir",
                tmp.toString(),
                "--no-timestamp");
        assertThat(code).as(text(err)).isZero();
        JsonNode summary = new ObjectMapper()
                .readTree(Files.readString(
                        tmp.resolve(SimulatorConfig.DEFAULT_MODEL).resolve("summary.json")));
        JsonNode probe = summary.path("probes").get(0);
        assertThat(probe.path("value").asDouble()).isEqualTo(8);
        JsonNode server = probe.path("pooled").path("server");
        assertThat(server.path("family").asText()).isEqualTo("vllm");
        assertThat(server.path("scrapes").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(server.path("peakRunning").asDouble()).isEqualTo(4.0);
        // Four wait in the steady state; up to seven for the first step, which admits the first arrival only.
        assertThat(server.path("peakWaiting").asDouble()).isBetween(2.0, 7.0);
        assertThat(server.path("kvCachePeak").asDouble()).isEqualTo(1.0);
        assertThat(server.path("preemptions").asDouble()).isZero();
        assertThat(server.path("prefixCacheHitRate").asDouble()).isZero();
        String reason = probe.path("verdicts").get(0).path("reason").asText();
        assertThat(reason)
                .startsWith("p99_latency = ")
                .containsPattern("; server queue peaked at \\d waiting, KV cache 100%");
        assertThat(text(err))
                .contains("slatune tune: server metrics: " + sim.baseUrl() + "/metrics (vllm)")
                .contains("Server (vllm metrics, ")
                .contains("running peak 4, waiting peak ")
                .contains("KV cache peak 100%");
        assertThat(text(out)).containsPattern("parallel=8: server queue peaked at \\d waiting, KV cache 100%");
        assertThat(Files.readString(tmp.resolve(SimulatorConfig.DEFAULT_MODEL).resolve("probes.csv"))
                        .lines()
                        .findFirst()
                        .orElseThrow())
                .contains("server_peak_waiting,server_kv_cache_peak");
    }
}
