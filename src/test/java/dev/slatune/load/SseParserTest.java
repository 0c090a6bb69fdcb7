package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSE framing rules, independent of what the events say. */
class SseParserTest {

    record Event(String type, String data, long at) {}

    private final List<Event> events = new ArrayList<>();
    private final SseParser parser = new SseParser((type, data, off, len, at) ->
            events.add(new Event(type, new String(data, off, len, StandardCharsets.UTF_8), at)));

    private void feed(String s, long at) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        parser.feed(b, 0, b.length, at);
    }

    @Test
    void anEventIsStampedWithTheReadThatCompletedIt() {
        feed("data: {\"a\":", 10);
        feed("1}\n", 20);
        assertThat(events).isEmpty();
        feed("\n", 30);
        assertThat(events).containsExactly(new Event(null, "{\"a\":1}", 30));
    }

    @Test
    void crlfSplitBetweenReadsIsOneLineEnd() {
        feed("data: x\r", 1);
        feed("\n\r", 2);
        feed("\n", 3);
        assertThat(events).containsExactly(new Event(null, "x", 2));
    }

    @Test
    void multipleDataLinesJoinWithNewlinesAndFieldsWithoutSpaceWork() {
        feed("event: delta\ndata:one\ndata: two\n\n", 5);
        assertThat(events).containsExactly(new Event("delta", "one\ntwo", 5));
    }

    @Test
    void commentsAndUnknownFieldsAndEmptyEventsAreSkipped() {
        feed(": ping\n\nid: 7\nretry: 100\n\ndata: y\n\n", 1);
        assertThat(events).containsExactly(new Event(null, "y", 1));
    }

    @Test
    void anUnterminatedLastEventIsDispatchedAtTheEnd() {
        feed("data: [DONE]", 1);
        parser.end(9);
        assertThat(events).containsExactly(new Event(null, "[DONE]", 9));
    }

    @Test
    void longLinesGrowTheBuffers() {
        String big = "x".repeat(100_000);
        feed("data: " + big + "\n\n", 1);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).data()).isEqualTo(big);
    }

    @Test
    void eventTypeDoesNotLeakIntoTheNextEvent() {
        feed("event: error\ndata: a\n\ndata: b\n\n", 1);
        assertThat(events).extracting(Event::type).containsExactly("error", null);
    }
}
