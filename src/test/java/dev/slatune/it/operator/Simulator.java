package dev.slatune.it.operator;

import dev.slatune.it.Await;
import dev.slatune.it.SlatuneProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code slatune simulate} as a process on a free loopback port, with a capacity model steep
 * enough that the SLA boundary stands well clear of timer noise on a busy machine.
 */
public final class Simulator implements AutoCloseable {

    /**
     * Four output tokens at 1 ms + 200 ms per running sequence and step: closed-loop latency at
     * concurrency c is 5 x 1 + 4 x 200c ms (docs/simulator.md), so 0.8 s at 1, 1.6 s at 2 and
     * 2.4 s at 3. A p99 <= 2 s rule holds up to exactly 2 and p99 <= 1 s up to exactly 1, each
     * with a margin of 20 % or more on either side: enough for a client or simulator starved of
     * CPU on a busy 2-core machine (a margin of 10 % was not).
     */
    public static final List<String> STEEP =
            List.of("--step-base=1ms", "--step-per-seq=200ms", "--prefill-per-token=0ms", "--jitter=0");

    public static final int MAX_TOKENS = 4;
    /** The answer for p99_latency <= 2 s. */
    public static final int EXPECTED_MAX_PARALLEL = 2;

    private final SlatuneProcess process;
    private final int port;

    private Simulator(SlatuneProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the steep simulator and waits until it answers. */
    public static Simulator start() {
        int port = SlatuneProcess.freePort();
        List<String> args = new ArrayList<>(List.of("simulate", "--host=127.0.0.1", "--port=" + port));
        args.addAll(STEEP);
        Simulator sim = new Simulator(SlatuneProcess.start("simulator", Map.of(), args), port);
        HttpClient http = HttpClient.newHttpClient();
        Await.until(
                "the simulator on port " + port,
                Duration.ofSeconds(60),
                () -> {
                    if (!sim.process.alive()) {
                        throw new AssertionError("simulator exited: " + sim.process.output());
                    }
                    try {
                        return http.send(
                                        HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/health"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (Exception e) {
                        return -1;
                    }
                },
                code -> code == 200);
        return sim;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The chat completions URL. */
    public String chatUrl() {
        return baseUrl() + "/v1/chat/completions";
    }

    @Override
    public void close() {
        process.close();
    }
}
