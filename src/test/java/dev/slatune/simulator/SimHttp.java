package dev.slatune.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small blocking HTTP client for the simulator's tests, with per-event timestamps for streams. */
final class SimHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A response read to its end; {@code eventNanos} holds, per SSE data line, when it was read. */
    record Reply(
            int status,
            String contentType,
            String body,
            List<String> events,
            List<Long> eventNanos,
            long startNanos,
            long endNanos,
            boolean completed) {

        /** Nanoseconds from the start to the first event that carries generated text. */
        long ttftNanos() {
            for (int i = 0; i < events.size(); i++) {
                String e = events.get(i);
                if (e.contains("\"content\":\"") && !e.contains("\"content\":\"\"")
                        || e.contains("\"text\":\"") && !e.contains("\"text\":\"\"")) {
                    return eventNanos.get(i) - startNanos;
                }
            }
            throw new AssertionError("no content event in " + events);
        }

        long latencyNanos() {
            return endNanos - startNanos;
        }
    }

    private SimHttp() {}

    static Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static Reply post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private static Reply send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
            StringBuilder body = new StringBuilder();
            List<String> events = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            boolean completed = true;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                // Read char by char so that "\n\n" separators are kept exactly as sent.
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0) {
                    body.append((char) c);
                    if (c == '\n') {
                        if (line.length() > 0 && line.indexOf("data: ") == 0) {
                            events.add(line.substring(6));
                            times.add(System.nanoTime());
                        }
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            } catch (IOException e) {
                completed = false; // the server cut the stream
            }
            long end = times.isEmpty() ? System.nanoTime() : lastContentTime(events, times);
            return new Reply(
                    r.statusCode(),
                    r.headers().firstValue("content-type").orElse(""),
                    body.toString(),
                    events,
                    times,
                    start,
                    end,
                    completed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Latency ends at the last event (docs/architecture.md counts the last content-bearing one; here they coincide). */
    private static long lastContentTime(List<String> events, List<Long> times) {
        for (int i = events.size() - 1; i >= 0; i--) {
            String e = events.get(i);
            if (e.contains("\"content\":\"") && !e.contains("\"content\":\"\"")
                    || e.contains("\"text\":\"") && !e.contains("\"text\":\"\"")) {
                return times.get(i);
            }
        }
        return times.get(times.size() - 1);
    }

    static String chatBody(String content, Integer maxTokens, boolean stream, boolean includeUsage) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":" + Json.quote(content) + "}]"
                + (maxTokens == null ? "" : ",\"max_tokens\":" + maxTokens)
                + (stream ? ",\"stream\":true" : "")
                + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
    }
}
