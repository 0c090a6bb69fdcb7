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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code slatune tune} with a goodput rule, end to end against the in-process simulator (the pattern of
 * {@link TuneCommandTest}): the load counts each request against the SLO, the search judges the share with
 * its Wilson interval, and every output reports goodput share and rate.
 */
@RealTime
class GoodputTuneTest {

    /** TuneCommandTest's steep model: latency of 8 output tokens is 9 steps of (40 + 4c * 8/9) ms = 360 + 32c ms. */
    private static final CapacityModel STEEP =
            new CapacityModel(64, Duration.ofMillis(40), Duration.ofMillis(4), Duration.ZERO, 0.0);

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

    @Test
    void findsTheMaxConcurrencyWhereNinetyPercentOfRequestsFinishWithinASecond() throws Exception {
        // No jitter: every request at one concurrency takes about as long, so the share drops from ~100% to ~0
        // where latency crosses 1 s: between 17 (clients in lockstep) and 20 (docs/simulator.md), as for p99.
        sim = SimulatorServer.start(SimulatorConfig.defaults().withCapacity(STEEP));
        TuneCommand cmd = new TuneCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = Main.configure(new CommandLine(cmd));
        cl.setErr(new java.io.PrintWriter(cmd.err, true));
        int code = cl.execute(
                "--url",
                sim.baseUrl() + "/v1/chat/completions",
                "--model",
                SimulatorConfig.DEFAULT_MODEL,
                "--max-tokens",
                "8",
                "--min-prompt-length",
                "64",
                "--max-prompt-length",
                "64",
                "--outputs-dir",
                tmp.toString(),
                "--no-timestamp",
                "--sla-auto-tune",
                "--sla-params",
                "[{\"goodput\": \">=90%\", \"latency\": \"<=1s\"}]",
                "--sla-min-samples",
                "60",
                "--parallel",
                "2",
                "--sla-upper-bound",
                "32");

        assertThat(code).as(err.toString()).isZero();
        Path dir = tmp.resolve(SimulatorConfig.DEFAULT_MODEL);
        JsonNode summary =
                new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode result = summary.get("results").get(0);
        assertThat(result.get("criteria").asText()).isEqualTo("goodput >= 90% (latency <= 1s)");
        assertThat(result.get("goodputSlos").asText()).isEqualTo("latency<=1");
        boolean clientLimited = err.toString().contains("WARNING client-side bottleneck");
        if (clientLimited && result.get("maxSatisfied").isNull()) {
            assertThat(result.get("note").asText()).contains("no confident pass");
        } else {
            double max = result.get("maxSatisfied").asDouble();
            assertThat(max).as(out + "\n" + err).isBetween(16.0, 20.0);
            assertThat(out.toString()).contains("goodput at " + (long) max + ": ");
        }

        // Every probe carries its counts, share and rate; the verdict's check has the Wilson interval.
        JsonNode probes = summary.get("probes");
        assertThat(probes).isNotEmpty();
        boolean sawFail = false;
        for (JsonNode p : probes) {
            JsonNode g = p.get("goodput").get(0);
            assertThat(g.get("slos").asText()).isEqualTo("latency<=1");
            long met = g.get("met").asLong();
            long total = g.get("total").asLong();
            assertThat(total)
                    .isEqualTo(p.get("pooled").get("requests").get("total").asLong());
            assertThat(g.get("share").asDouble()).isEqualTo((double) met / total);
            assertThat(g.get("rps").asDouble())
                    .isCloseTo(
                            met / p.get("pooled").get("windowSeconds").asDouble(),
                            org.assertj.core.api.Assertions.within(1e-6));
            JsonNode check = p.get("verdicts").get(0).get("checks").get(1);
            assertThat(check.get("metric").asText()).isEqualTo("goodput");
            assertThat(check.get("low").asDouble())
                    .isLessThanOrEqualTo(check.get("measured").asDouble());
            assertThat(check.get("high").asDouble())
                    .isGreaterThanOrEqualTo(check.get("measured").asDouble());
            if (p.get("value").asDouble() >= 24) {
                assertThat(g.get("share").asDouble())
                        .as("share at %s", p.get("value"))
                        .isLessThan(0.9);
                sawFail = true;
            }
        }
        assertThat(sawFail).as("a probe past the boundary was measured").isTrue();

        assertThat(err.toString())
                .contains("goodput latency<=1: ")
                .containsPattern("(PASS|FAIL|pass\\?|fail\\?) goodput >= 90% \\(latency <= 1s\\): goodput \\d");
        String csv = Files.readString(dir.resolve("probes.csv"));
        assertThat(csv.lines().findFirst().orElseThrow())
                .contains("group1_goodput,group1_goodput_low,group1_goodput_high")
                .contains("goodput1_slos,goodput1_met,goodput1_total,goodput1_share,goodput1_rps");
        assertThat(csv).contains(",\"latency<=1\",");
        // Header and rows have as many cells (the quoted set keeps its comma-free cell).
        List<String> lines = csv.lines().toList();
        int columns = lines.get(0).split(",", -1).length;
        assertThat(lines.subList(1, lines.size()))
                .allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(columns));
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html)
                .contains("goodput rate (latency&lt;=1)", "<g class=\"ci\"", "bars: 95% interval", "samples at 95%")
                .contains("<th>goodput latency&lt;=1</th>");
    }
}
