package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.RealTime;
import dev.slatune.metrics.GoodputCount;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slatune load --goodput}: the counts in the termination message, and a bad set as a configuration error. */
@RealTime
class LoadGoodputTest {

    @TempDir
    Path tmp;

    private SimulatorServer sim;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private int load(String... extra) {
        sim = SimulatorServer.start(SimulatorConfig.defaults());
        LoadCommand cmd = new LoadCommand();
        cmd.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setErr(new java.io.PrintWriter(cmd.err, true));
        String[] base = {
            "--url", sim.baseUrl() + "/v1/chat/completions",
            "--model", SimulatorConfig.DEFAULT_MODEL,
            "--parallel", "4",
            "--number", "40",
            "--max-tokens", "8",
            "--min-prompt-length", "16",
            "--max-prompt-length", "16",
            "--termination-log", tmp.resolve("term").toString()
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return cl.execute(args);
    }

    @Test
    void countsEverySetAndTheTerminationMessageCarriesTheCounts() throws Exception {
        int code = load("--goodput", "latency<=60s", "--goodput", "ttft<=0.001ms,tpot<=1");
        assertThat(code).as(err.toString()).isZero();
        ProbeResult r = ProbeResultCodec.fromJson(Files.readString(tmp.resolve("term")));
        assertThat(r.requests().total()).isEqualTo(40);
        assertThat(r.goodput())
                .containsExactly(
                        new GoodputCount("latency<=60s", 40, 40), new GoodputCount("ttft<=0.001ms,tpot<=1", 0, 40));
    }

    @Test
    void aBadSetIsABadConfigurationNamingTheFlag() {
        int code = load("--goodput", "ttfb<=1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--goodput", "'ttfb' is not a per-request quantity", "ttft<=0.2");
    }
}
