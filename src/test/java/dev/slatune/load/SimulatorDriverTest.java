package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.RealTime;
import dev.slatune.metrics.ExitCode;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.simulator.CapacityModel;
import dev.slatune.simulator.Faults;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drivers against the real simulator over loopback. The simulator runs one 10 ms engine step
 * after another with no jitter and stalls every request 30 ms before it joins the batch, so a reply's
 * first token cannot come sooner than 40 ms after its request arrives and its tokens are 10 ms apart.
 * Assertions are lower bounds the client can only fail by mis-measuring (never a speed requirement):
 * on a loaded machine tokens may arrive late and bunched, but never earlier than the server's delays.
 */
@RealTime
class SimulatorDriverTest {

    static SimulatorServer sim;
    static LoadRunner runner;
    static String url;

    @BeforeAll
    static void start() {
        CapacityModel fixedSteps = new CapacityModel(1024, Duration.ofMillis(10), Duration.ZERO, Duration.ZERO, 0.0);
        sim = SimulatorServer.start(SimulatorConfig.defaults()
                .withCapacity(fixedSteps)
                .withFaults(new Faults(0, 0, 0, Duration.ofMillis(30), 1.0)));
        url = sim.baseUrl() + "/v1/chat/completions";
        runner = new LoadRunner();
        // A cold JVM loads classes and compiles on the event loops for the first requests: warm both sides.
        runner.run(spec(8, 200, 4), null);
    }

    @AfterAll
    static void stop() {
        runner.close();
        sim.close();
    }

    static LoadSpec spec(int parallel, long number, int maxTokens) {
        LoadSpec s = Specs.withModel(Specs.closed(url, parallel, number), SimulatorConfig.DEFAULT_MODEL);
        return Specs.withBody(s, new LoadSpec.Body(true, maxTokens, maxTokens, maxTokens, 0.0, null));
    }

    @Test
    void closedLoopMeasuresTheSimulatorsDelays() {
        ProbeResult r = runner.run(spec(8, 40, 6), null);
        assertThat(r.requests().succeeded()).isEqualTo(40);
        assertThat(r.outputTokens()).isEqualTo(40 * 6);
        assertThat(r.outputTokensEstimated()).isZero();
        assertThat(r.inputTokens()).isPositive();
        assertThat(r.ttft().p50()).isGreaterThanOrEqualTo(0.039);
        assertThat(r.tpot().count()).isEqualTo(40);
        assertThat(r.itl().count()).isEqualTo(40 * 5);
        // The sixth token leaves the simulator 30 ms + 6 steps after the request arrived at the earliest.
        assertThat(r.latency().p50()).isGreaterThanOrEqualTo(0.089);
    }

    @Test
    void openLoopAgainstTheSimulator() {
        ProbeResult r = runner.run(spec(1, 30, 4).withRate(60), null);
        assertThat(r.variable()).isEqualTo("rate");
        assertThat(r.requests().succeeded()).isEqualTo(30);
        assertThat(r.ttft().p50()).isGreaterThanOrEqualTo(0.039);
    }

    @Test
    void completionsApiAgainstTheSimulator() {
        LoadSpec s = spec(2, 6, 3);
        var t = s.target();
        LoadSpec completions = new LoadSpec(
                new LoadSpec.Target(
                        java.net.URI.create(sim.baseUrl() + "/v1/completions"),
                        Api.OPENAI_COMPLETIONS,
                        t.model(),
                        null,
                        t.headers(),
                        t.connectTimeout(),
                        t.readTimeout()),
                s.pressure(),
                s.size(),
                s.body(),
                s.prompts(),
                s.seed(),
                s.run());
        ProbeResult r = runner.run(completions, null);
        assertThat(r.requests().succeeded()).isEqualTo(6);
        assertThat(r.outputTokens()).isEqualTo(18);
    }

    @Test
    void runsMergeExactly() {
        ProbeResult a = runner.run(spec(4, 12, 3), null);
        ProbeResult b = runner.run(spec(4, 12, 3).withRun(1), null);
        ProbeResult m = ProbeResult.merge(List.of(a, b), ProbeResult.MergeMode.SEQUENTIAL);
        assertThat(m.requests().total()).isEqualTo(24);
        assertThat(m.outputTokens()).isEqualTo(a.outputTokens() + b.outputTokens());
        assertThat(m.ttft().count()).isEqualTo(24);
        assertThat(m.ttft().max()).isEqualTo(Math.max(a.ttft().max(), b.ttft().max()));
        assertThat(m.windowSeconds())
                .isCloseTo(a.windowSeconds() + b.windowSeconds(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void modelTheSimulatorDoesNotServeIsExitTwo() {
        assertThatThrownBy(() -> runner.run(Specs.withModel(spec(1, 1, 2), "gpt-17"), null))
                .isInstanceOfSatisfying(LoadException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION);
                    assertThat(e.getMessage()).contains("--model", SimulatorConfig.DEFAULT_MODEL);
                });
    }
}
