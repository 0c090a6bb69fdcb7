package dev.slatune.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.RealTime;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Fault injection: injected statuses, cut streams, stalls, and their seeded reproducibility. */
@RealTime
class SimulatorFaultsTest {

    private static SimulatorServer start(Faults faults, long seed) {
        return SimulatorServer.start(SimulatorConfig.defaults()
                .withCapacity(CapacityModel.ZERO)
                .withFaults(faults)
                .withSeed(seed));
    }

    private static String outcome(SimHttp.Reply r) {
        if (r.status() != 200) {
            return Integer.toString(r.status());
        }
        return r.body().endsWith("data: [DONE]\n\n") ? "ok" : "cut";
    }

    @Test
    void everyRequestCanBeAnswered429Or500WithAnOpenAiShapedError() {
        try (SimulatorServer sim = start(new Faults(1, 0, 0, Duration.ZERO, 0), 1)) {
            SimHttp.Reply r =
                    SimHttp.post(sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("a", 3, true, false));
            assertThat(r.status()).isEqualTo(429);
            assertThat(new JsonObject(r.body()).getJsonObject("error").getInteger("code"))
                    .isEqualTo(429);
        }
        try (SimulatorServer sim = start(new Faults(0, 1, 0, Duration.ZERO, 0), 1)) {
            SimHttp.Reply r = SimHttp.post(sim.baseUrl() + "/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":3}");
            assertThat(r.status()).isEqualTo(500);
            assertThat(new JsonObject(r.body()).getJsonObject("error").getString("type"))
                    .isEqualTo("InternalServerError");
        }
    }

    @Test
    void fractionsAreRespectedAndTheSameSeedGivesTheSameFates() {
        Faults faults = new Faults(0.2, 0.1, 0.25, Duration.ZERO, 0);
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        int[] counts = new int[4];
        for (StringBuilder fates : new StringBuilder[] {first, second}) {
            try (SimulatorServer sim = start(faults, 7)) {
                for (int i = 0; i < 200; i++) {
                    String o = outcome(
                            SimHttp.post(sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("a", 8, true, true)));
                    fates.append(o).append(',');
                    if (fates == first) {
                        counts[
                                switch (o) {
                                    case "429" -> 0;
                                    case "500" -> 1;
                                    case "cut" -> 2;
                                    default -> 3;
                                }]++;
                    }
                }
            }
        }
        assertThat(second.toString()).isEqualTo(first.toString());
        // Expected 40 / 20 / 35 / 105 of 200; binomial 4-sigma bounds.
        assertThat(counts[0]).isBetween(18, 62);
        assertThat(counts[1]).isBetween(4, 36);
        assertThat(counts[2]).isBetween(15, 55);
        assertThat(counts[0] + counts[1] + counts[2] + counts[3]).isEqualTo(200);
    }

    @Test
    void aCutStreamStopsAfterHalfItsTokensWithoutDone() {
        try (SimulatorServer sim = start(new Faults(0, 0, 1, Duration.ZERO, 0), 3)) {
            SimHttp.Reply r =
                    SimHttp.post(sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("a", 10, true, true));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"length");
            long content = r.events().stream()
                    .filter(e -> e.contains("\"delta\":{\"content\":\"") && !e.contains("\"content\":\"\""))
                    .count();
            assertThat(content).isEqualTo(5);
            // The non-streaming answer never comes: the connection closes before any byte of it.
            assertThatThrownBy(() -> SimHttp.post(
                            sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("a", 10, false, false)))
                    .isInstanceOf(UncheckedIOException.class);
            assertThat(SimHttp.get(sim.baseUrl() + "/metrics").body())
                    .contains("slatune_sim:requests_aborted_total{model_name=\"slatune-sim\"} ");
        }
    }

    @Test
    void aClientThatLeavesMidStreamFreesItsSlotAndOthersGoOn() throws Exception {
        CapacityModel oneSlot = new CapacityModel(1, Duration.ofMillis(5), Duration.ZERO, Duration.ZERO, 0);
        try (SimulatorServer sim =
                SimulatorServer.start(SimulatorConfig.defaults().withCapacity(oneSlot))) {
            byte[] body = SimHttp.chatBody("a", 1000, true, false).getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", sim.port())) {
                socket.getOutputStream()
                        .write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                                        + "Content-Type: application/json\r\nContent-Length: " + body.length
                                        + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(body);
                byte[] buf = new byte[4096];
                int read = 0;
                while (!new String(buf, 0, read, StandardCharsets.UTF_8).contains("\"delta\":{\"content\":\"")) {
                    read += socket.getInputStream().read(buf, read, buf.length - read);
                }
            } // the client leaves with some 990 tokens to go, holding the only slot
            SimHttp.Reply next =
                    SimHttp.post(sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("a", 3, true, false));
            assertThat(next.body()).endsWith("data: [DONE]\n\n");
            assertThat(Duration.ofNanos(next.latencyNanos())).isLessThan(Duration.ofSeconds(3)); // not 1000 x 5 ms
            assertThat(SimHttp.get(sim.baseUrl() + "/metrics").body())
                    .contains("slatune_sim:requests_aborted_total{model_name=\"slatune-sim\"} 1");
        }
    }

    @Test
    void aStallDelaysTheFirstTokenOnly() {
        Duration stall = Duration.ofMillis(300);
        try (SimulatorServer sim = start(new Faults(0, 0, 0, stall, 1), 3)) {
            SimHttp.Reply r =
                    SimHttp.post(sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("a", 4, true, false));
            assertThat(r.body()).endsWith("data: [DONE]\n\n");
            assertThat(Duration.ofNanos(r.ttftNanos())).isGreaterThanOrEqualTo(stall);
        }
    }
}
