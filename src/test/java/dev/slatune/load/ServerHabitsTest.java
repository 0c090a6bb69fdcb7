package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.metrics.ProbeResult;
import dev.slatune.simulator.CapacityModel;
import dev.slatune.simulator.Quirks;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load engine against the simulator wearing other server families' habits, one at a time:
 * connections closed after every reply (llama.cpp) or after N, announced or silent, idle timeouts,
 * and the stream shapes (no role chunk, usage on the last chunk, empty and null chunks, SSE pings).
 * Nothing may be lost, and every token and TTFT must be counted as against vLLM's shape.
 */
class ServerHabitsTest {

    static final CapacityModel FAST = new CapacityModel(256, Duration.ofMillis(2), Duration.ZERO, Duration.ZERO, 0.0);

    static ProbeResult run(Quirks quirks, int parallel, long number, int maxTokens,
            Function<LoadSpec, LoadSpec> adjust) {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withCapacity(FAST)
                .withQuirks(quirks));
                LoadRunner runner = new LoadRunner()) {
            LoadSpec s = Specs.withModel(Specs.closed(sim.baseUrl() + "/v1/chat/completions", parallel, number),
                    SimulatorConfig.DEFAULT_MODEL);
            s = Specs.withBody(s, new LoadSpec.Body(true, maxTokens, maxTokens, maxTokens, 0.0, null));
            return runner.run(adjust.apply(s), null);
        }
    }

    @ParameterizedTest(name = "parallel {0}")
    @ValueSource(ints = {1, 4, 64})
    void llamaCppClosingAfterEveryReplyLosesNothing(int parallel) {
        long n = Math.max(60, parallel * 4L);
        ProbeResult r = run(Quirks.llamaCppConnections(), parallel, n, 4, s -> s);
        assertThat(r.requests().failed()).as("errors %s", r.requests().errors()).isZero();
        assertThat(r.requests().succeeded()).isEqualTo(n);
        assertThat(r.outputTokens()).isEqualTo(n * 4);
        assertThat(r.client().connectionsOpened()).isEqualTo(n);
        System.out.println("parallel " + parallel + ": " + ResultTable.connections(r.client()));
    }
}
