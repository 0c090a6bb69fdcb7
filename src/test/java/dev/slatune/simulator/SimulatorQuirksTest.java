package dev.slatune.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.RealTime;
import dev.slatune.simulator.Quirks.UsagePlacement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The simulator's server-family habits on the wire: keep-alive headers, when a connection closes and
 * whether that is announced (read over a raw socket, where a close is an end of stream), and the
 * stream shapes of {@link Quirks}.
 */
@RealTime
class SimulatorQuirksTest {

    static final CapacityModel FAST = new CapacityModel(64, Duration.ofMillis(1), Duration.ZERO, Duration.ZERO, 0.0);

    static SimulatorServer start(Quirks quirks) {
        return SimulatorServer.start(
                SimulatorConfig.defaults().withCapacity(FAST).withQuirks(quirks));
    }

    /** One reply read off a raw connection: its head and whether the server closed the connection after it. */
    record RawReply(String head, String body, boolean closedAfter) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase(name)) {
                    return line.substring(c + 1).trim();
                }
            }
            return null;
        }
    }

    @Test
    void llamaCppConnectionsSayKeepAliveAndCloseSilentlyAfterEveryReply() throws IOException {
        try (SimulatorServer sim = start(Quirks.llamaCppConnections());
                Socket s = socket(sim)) {
            RawReply r = exchange(s, sim, true);
            assertThat(r.header("keep-alive")).isEqualTo("timeout=5, max=100");
            assertThat(r.header("connection")).isNull();
            assertThat(r.body()).contains("data: [DONE]");
            assertThat(r.closedAfter()).isTrue();
        }
    }

    @Test
    void keepAliveMaxCountsDownAndTheConnectionClosesAfterItsLastReply() throws IOException {
        try (SimulatorServer sim = start(Quirks.NONE.withConnections(0, true, "timeout=5, max=2"));
                Socket s = socket(sim)) {
            List<RawReply> replies = List.of(exchange(s, sim, false), exchange(s, sim, false), exchange(s, sim, true));
            assertThat(replies)
                    .extracting(r -> r.header("keep-alive"))
                    .containsExactly("timeout=5, max=2", "timeout=5, max=1", "timeout=5");
            assertThat(replies).extracting(r -> r.header("connection")).containsExactly(null, null, "close");
            assertThat(replies).extracting(RawReply::closedAfter).containsExactly(false, false, true);
        }
    }

    @Test
    void noQuirksKeepTheConnectionWithoutHeaders() throws IOException {
        try (SimulatorServer sim = start(Quirks.NONE);
                Socket s = socket(sim)) {
            for (int i = 0; i < 3; i++) {
                RawReply r = exchange(s, sim, false);
                assertThat(r.header("keep-alive")).isNull();
                assertThat(r.closedAfter()).isFalse();
            }
        }
    }

    @Test
    void withoutARoleChunkTheFirstContentChunkCarriesTheRole() {
        try (SimulatorServer sim = start(Quirks.NONE.withStream(false, UsagePlacement.SEPARATE, 0, Duration.ZERO))) {
            SimHttp.Reply r =
                    SimHttp.post(sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("hi", 3, true, true));
            assertThat(r.events()).hasSize(5); // 3 tokens, usage, [DONE]
            assertThat(r.events().get(0))
                    .contains("\"delta\":{\"role\":\"assistant\",\"content\":\"")
                    .doesNotContain("\"content\":\"\"");
            assertThat(r.events().get(1)).doesNotContain("role");
        }
    }

    @Test
    void usageCanRideOnTheFinishChunk() {
        try (SimulatorServer sim = start(Quirks.NONE.withStream(true, UsagePlacement.LAST_CHUNK, 0, Duration.ZERO))) {
            SimHttp.Reply r =
                    SimHttp.post(sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("hi", 3, true, true));
            assertThat(r.events()).hasSize(5); // role, 3 tokens, [DONE]
            assertThat(r.events().get(3))
                    .contains("\"finish_reason\":\"length\"")
                    .contains("\"usage\":{\"prompt_tokens\":1,\"total_tokens\":4,\"completion_tokens\":3}}");
            SimHttp.Reply c = SimHttp.post(
                    sim.baseUrl() + "/v1/completions",
                    "{\"prompt\":\"hi\",\"max_tokens\":2,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
            assertThat(c.events()).hasSize(3);
            assertThat(c.events().get(1))
                    .contains("\"finish_reason\":\"length\"")
                    .contains("\"usage\":{\"prompt");
        }
    }

    @Test
    void emptyAndNullChunksComeBeforeTheFirstTokenAndAfterEveryNth() {
        try (SimulatorServer sim = start(Quirks.NONE.withStream(true, UsagePlacement.SEPARATE, 2, Duration.ZERO))) {
            SimHttp.Reply r =
                    SimHttp.post(sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("hi", 4, true, false));
            List<String> e = r.events();
            // role, "", null, t1, t2, "", null, t3, t4, [DONE]
            assertThat(e).hasSize(10);
            assertThat(e.get(1)).contains("\"delta\":{\"content\":\"\"}");
            assertThat(e.get(2)).contains("\"delta\":{\"content\":null}");
            assertThat(e.get(5)).contains("\"content\":\"\"");
            assertThat(e.get(6)).contains("\"content\":null");
        }
    }

    @Test
    void pingsAreCommentsSentWhileTheRequestWaits() {
        Quirks pings = Quirks.NONE.withStream(true, UsagePlacement.SEPARATE, 0, Duration.ofMillis(5));
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults()
                .withCapacity(FAST)
                .withQuirks(pings)
                .withFaults(new Faults(0, 0, 0, Duration.ofMillis(60), 1.0)))) {
            SimHttp.Reply r =
                    SimHttp.post(sim.baseUrl() + "/v1/chat/completions", SimHttp.chatBody("hi", 2, true, false));
            assertThat(r.body()).startsWith(": ping\n\n").contains("data: [DONE]");
            assertThat(r.events()).hasSize(4);
        }
    }

    static Socket socket(SimulatorServer sim) throws IOException {
        Socket s = new Socket("127.0.0.1", sim.port());
        s.setSoTimeout(5000);
        return s;
    }

    /** Sends one streamed chat request and reads the reply; {@code expectClose} waits for the end of stream. */
    static RawReply exchange(Socket s, SimulatorServer sim, boolean expectClose) throws IOException {
        byte[] body = SimHttp.chatBody("hi", 2, true, false).getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + sim.port()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        String head = readUntil(in, "\r\n\r\n");
        StringBuilder text = new StringBuilder();
        while (true) { // chunked body
            int size = Integer.parseInt(readUntil(in, "\r\n").trim(), 16);
            text.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
            readUntil(in, "\r\n");
            if (size == 0) {
                break;
            }
        }
        boolean closed;
        if (expectClose) {
            closed = in.read() < 0;
        } else {
            s.setSoTimeout(300);
            try {
                closed = in.read() < 0;
            } catch (SocketTimeoutException e) {
                closed = false;
            } finally {
                s.setSoTimeout(5000);
            }
        }
        return new RawReply(head.toLowerCase(Locale.ROOT), text.toString(), closed);
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after " + b);
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
