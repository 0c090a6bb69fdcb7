package dev.slatune.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.RealTime;
import dev.slatune.it.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Closed-loop measurements over loopback against {@link CapacityModel#predict}: the simulator's
 * latencies follow the documented model. Bounds are relative plus an additive allowance for a busy
 * machine (a late thread wake-up delays the first token by tens of milliseconds on an overloaded
 * 2-core box), yet a queue that does not queue, or a step formula off by a term, fails.
 */
@RealTime
class SimulatorCapacityTest {

    private static final CapacityModel MODEL =
            new CapacityModel(8, Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofNanos(10_000), 0);
    private static final int PROMPT_TOKENS = 100;
    private static final int OUTPUT_TOKENS = 20;
    private static SimulatorServer sim;

    @BeforeAll
    static void start() {
        sim = SimulatorServer.start(SimulatorConfig.defaults().withCapacity(MODEL));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** Mean latency, max latency and mean TTFT in ms of a closed loop, warm-up requests left out. */
    record Measured(double latency, double maxLatency, double ttft) {}

    private static Measured closedLoop(int concurrency, int requestsPerClient, int warmUp) throws Exception {
        String body = SimHttp.chatBody("x".repeat(PROMPT_TOKENS * 4), OUTPUT_TOKENS, true, true);
        String url = sim.baseUrl() + "/v1/chat/completions";
        List<SimHttp.Reply> replies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < requestsPerClient; i++) {
                        SimHttp.Reply r = SimHttp.post(url, body);
                        assertThat(r.body()).endsWith("data: [DONE]\n\n");
                        if (i >= warmUp) {
                            replies.add(r);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double sum = 0;
        double max = 0;
        double ttft = 0;
        for (SimHttp.Reply r : replies) {
            sum += r.latencyNanos() / 1e6;
            max = Math.max(max, r.latencyNanos() / 1e6);
            ttft += r.ttftNanos() / 1e6;
        }
        return new Measured(sum / replies.size(), max, ttft / replies.size());
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    @Test
    void latencyFollowsThePredictionAndRisesWithConcurrency() throws Exception {
        closedLoop(2, 2, 2); // warms the JIT and the connection pool
        double previous = 0;
        for (int c : new int[] {1, 4, 8, 16}) {
            Prediction p = MODEL.predict(c, PROMPT_TOKENS, OUTPUT_TOKENS);
            Measured m = closedLoop(c, c > 8 ? 4 : 5, 1);
            double step = ms(p.tpot());
            System.out.printf(
                    "concurrency %d: latency %.1f ms (max %.1f), TTFT %.1f ms; predicted %.1f ms, TTFT %.1f ms,"
                            + " step %.1f ms%n",
                    c, m.latency(), m.maxLatency(), m.ttft(), ms(p.latency()), ms(p.ttft()), step);
            assertThat(m.latency())
                    .as("mean latency at concurrency %d, predicted %s", c, p)
                    .isBetween(ms(p.latency()) * 0.85, ms(p.latency()) * 1.15 + 40);
            assertThat(m.maxLatency()).as("max latency at concurrency %d", c).isLessThan(ms(p.latency()) * 1.3 + 100);
            if (c <= MODEL.slots()) {
                assertThat(m.ttft())
                        .as("mean TTFT at concurrency %d, step %.1f ms", c, step)
                        .isBetween(step * 0.8, ms(p.ttft()) * 1.3 + 60);
            } else {
                assertThat(m.ttft())
                        .as("mean TTFT with a queue, predicted %s", p.ttft())
                        .isBetween(ms(p.ttft()) * 0.75, ms(p.ttft()) * 1.25 + 60);
            }
            if (c != 4) { // 1 -> 4 adds 27% only: within the noise allowance of a busy machine
                assertThat(m.latency()).as("latency rises with concurrency").isGreaterThan(previous);
                previous = m.latency();
            }
        }
    }

    @Test
    void jitterKeepsTheMeanStep() throws Exception {
        CapacityModel jittery =
                new CapacityModel(8, Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofNanos(10_000), 0.5);
        SimulatorServer plain = sim;
        sim = SimulatorServer.start(
                SimulatorConfig.defaults().withCapacity(jittery).withSeed(11));
        try {
            Prediction p = jittery.predict(4, PROMPT_TOKENS, OUTPUT_TOKENS);
            Measured m = closedLoop(4, 5, 1);
            // Steps vary by up to 50%; a request's latency averages 21 of them.
            assertThat(m.latency()).isBetween(ms(p.latency()) * 0.85, ms(p.latency()) * 1.15 + 40);
        } finally {
            sim.close();
            sim = plain;
        }
    }

    @Test
    void theGaugesShowTheQueueBeyondTheSlots() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            String body = SimHttp.chatBody("hi", 150, true, false);
            List<Future<SimHttp.Reply>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(pool.submit(() -> SimHttp.post(sim.baseUrl() + "/v1/chat/completions", body)));
            }
            int[] maxRunning = {0};
            // 150 tokens of about 18 ms steps: long enough for all twelve to arrive; then eight run, four wait.
            Await.until(
                    "eight running and four waiting",
                    Duration.ofMillis(2000),
                    Duration.ofMillis(2),
                    () -> {
                        maxRunning[0] = Math.max(maxRunning[0], sim.metrics().running());
                        return sim.metrics().running() + "/" + sim.metrics().waiting();
                    },
                    "8/4"::equals);
            for (Future<SimHttp.Reply> f : all) {
                assertThat(f.get().body()).endsWith("data: [DONE]\n\n");
                maxRunning[0] = Math.max(maxRunning[0], sim.metrics().running());
            }
            assertThat(maxRunning[0]).isEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }
}
