package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.RealTime;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.simulator.CapacityModel;
import dev.slatune.simulator.Faults;
import dev.slatune.simulator.Quirks;
import dev.slatune.simulator.Quirks.UsagePlacement;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load engine against the simulator wearing other server families' habits, one at a time:
 * connections closed after every reply (llama.cpp) or after N, announced or silent, {@code Keep-Alive}
 * max and timeout, and the stream shapes (no role chunk, usage on the last chunk, empty and null
 * chunks, SSE pings). Nothing may be lost, every token must be counted, TTFT must be the first
 * content-bearing event, and resends must stay within what cannot be known in advance.
 */
@RealTime
class ServerHabitsTest {

    static final CapacityModel FAST = new CapacityModel(256, Duration.ofMillis(2), Duration.ZERO, Duration.ZERO, 0.0);

    static LoadRunner runner;

    @BeforeAll
    static void start() {
        runner = new LoadRunner();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static ProbeResult run(
            SimulatorConfig config, int parallel, long number, int maxTokens, UnaryOperator<LoadSpec> adjust) {
        try (SimulatorServer sim = SimulatorServer.start(config)) {
            LoadSpec s = Specs.withModel(
                    Specs.closed(sim.baseUrl() + "/v1/chat/completions", parallel, number),
                    SimulatorConfig.DEFAULT_MODEL);
            s = Specs.withBody(s, new LoadSpec.Body(true, maxTokens, maxTokens, maxTokens, 0.0, null));
            return runner.run(adjust.apply(s), null);
        }
    }

    static ProbeResult run(Quirks quirks, int parallel, long number) {
        return run(SimulatorConfig.defaults().withCapacity(FAST).withQuirks(quirks), parallel, number, 4, s -> s);
    }

    static void assertNothingLost(ProbeResult r, long n, int tokens) {
        assertThat(r.requests().failed()).as("errors %s", r.requests().errors()).isZero();
        assertThat(r.requests().succeeded()).isEqualTo(n);
        assertThat(r.outputTokens()).isEqualTo(n * tokens);
        assertThat(r.outputTokensEstimated()).isZero();
    }

    @ParameterizedTest(name = "parallel {0}")
    @ValueSource(ints = {1, 4, 64})
    void llamaCppClosingSilentlyAfterEveryReplyLosesNothing(int parallel) {
        long n = Math.max(60, parallel * 4L);
        ProbeResult r = run(Quirks.llamaCppConnections(), parallel, n);
        assertNothingLost(r, n, 4);
        // One connection per request; only a connection's second request can find it dead, before the
        // habit is known: at most one resend per concurrent slot.
        assertThat(r.client().connectionsOpened()).isEqualTo(n);
        assertThat(r.client().reconnects()).isBetween(0L, (long) parallel);
    }

    @ParameterizedTest(name = "parallel {0}")
    @ValueSource(ints = {1, 4, 64})
    void silentCloseAfterThreeRepliesLosesNothing(int parallel) {
        long n = Math.max(60, parallel * 4L);
        ProbeResult r = run(Quirks.NONE.withConnections(3, false, null), parallel, n);
        assertNothingLost(r, n, 4);
        assertThat(r.client().reconnects()).isBetween(0L, (long) parallel);
        // Once learned, each connection carries three requests, the last with Connection: close.
        assertThat(r.client().connectionsOpened()).isLessThanOrEqualTo(n / 3 + 2L * parallel);
    }

    @Test
    void announcedCloseNeedsNoResend() {
        ProbeResult r = run(Quirks.NONE.withConnections(3, true, null), 4, 60);
        assertNothingLost(r, 60, 4);
        assertThat(r.client().reconnects()).isZero();
        // At most three requests per connection; a pool may open one more per slot than it strictly
        // needs (a request issued before the previous reply's connection is back in the pool).
        assertThat(r.client().connectionsOpened()).isBetween(20L, 24L);
    }

    @Test
    void keepAliveMaxIsHonouredBeforeASilentClose() {
        // Replies say max=2, then max=1; the server closes after the third without a word. The client
        // sends the third with Connection: close itself, so it never writes to a closing connection.
        ProbeResult r = run(Quirks.NONE.withConnections(0, false, "timeout=5, max=2"), 1, 30);
        assertNothingLost(r, 30, 4);
        assertThat(r.client().reconnects()).isZero();
        assertThat(r.client().connectionsOpened()).isEqualTo(10);
    }

    @Test
    void keepAliveTimeoutIsHonouredBeforeTheServerClosesIdleConnections() {
        // Requests exactly one idle timeout apart: the server closes each connection as the next
        // request would reuse it. The client drops a connection within a margin of the timeout instead.
        // (2 s, not 1: a loaded machine can stall an event loop for a second.)
        SimulatorConfig c = SimulatorConfig.defaults()
                .withCapacity(FAST)
                .withQuirks(Quirks.NONE.withConnections(0, false, "timeout=2").withIdleTimeout(Duration.ofSeconds(2)));
        ProbeResult r = run(c, 1, 4, 4, s -> Specs.withCap(s.withRate(0.5), Arrival.CONSTANT, 0));
        assertNothingLost(r, 4, 4);
        assertThat(r.client().reconnects()).isZero();
        assertThat(r.client().connectionsOpened()).isEqualTo(4);
    }

    @Test
    void keptConnectionsAreReusedAndNeedNoResend() {
        ProbeResult r = run(Quirks.NONE.withConnections(0, false, "timeout=5, max=100"), 4, 60);
        assertNothingLost(r, 60, 4);
        assertThat(r.client().reconnects()).isZero();
        assertThat(r.client().connectionsOpened()).isLessThanOrEqualTo(4);
    }

    @Test
    void streamShapesOfOtherServersCountTheSameTokensAndTtft() {
        // No role chunk, usage on the finish chunk, "" and null chunks before the first token and after
        // every second, pings every 5 ms; every request stalls 30 ms before its first step, so pings
        // arrive before any token: none of that may count as a token, a first token or an ITL gap.
        Quirks shapes = Quirks.NONE.withStream(false, UsagePlacement.LAST_CHUNK, 2, Duration.ofMillis(5));
        SimulatorConfig c = SimulatorConfig.defaults()
                .withCapacity(FAST)
                .withQuirks(shapes)
                .withFaults(new Faults(0, 0, 0, Duration.ofMillis(30), 1.0));
        ProbeResult r = run(c, 4, 40, 6, s -> s);
        assertNothingLost(r, 40, 6);
        assertThat(r.ttft().count()).isEqualTo(40);
        assertThat(r.ttft().p50()).isGreaterThanOrEqualTo(0.030);
        assertThat(r.itl().count()).isEqualTo(40 * 5);
    }

    @Test
    void llamaCppConnectionsWithItsStreamShapeTogether() {
        Quirks both = Quirks.llamaCppConnections().withStream(false, UsagePlacement.LAST_CHUNK, 1, Duration.ZERO);
        ProbeResult r = run(SimulatorConfig.defaults().withCapacity(FAST).withQuirks(both), 8, 80, 5, s -> s);
        assertNothingLost(r, 80, 5);
        assertThat(r.itl().count()).isEqualTo(80 * 4);
    }
}
