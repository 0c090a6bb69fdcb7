package dev.slatune.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slatune.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the target's {@code /v1/models} before any load, so that an unreachable endpoint (exit 3)
 * or a model it does not serve, or a refused API key (exit 2) is reported within seconds rather
 * than as thousands of failed requests. A target without {@code /v1/models} (404) is let through:
 * the load itself will tell. A plain Vert.x call on the runner's own event loops (see the report
 * in bench/RESULTS.md for why not the Quarkus REST client).
 */
final class TargetCheck {

    private TargetCheck() {}

    /** The models URL next to an endpoint URL: {@code .../v1/chat/completions} gives {@code .../v1/models}. */
    static URI modelsUri(URI endpoint) {
        String path = endpoint.getPath() == null ? "" : endpoint.getPath();
        String base;
        if (path.endsWith("/chat/completions")) {
            base = path.substring(0, path.length() - "/chat/completions".length());
        } else if (path.endsWith("/completions")) {
            base = path.substring(0, path.length() - "/completions".length());
        } else {
            base = "/v1";
        }
        return endpoint.resolve(base + "/models");
    }

    /** Throws a {@link LoadException} when the target cannot serve {@code target.model()}. */
    static void check(Vertx vertx, LoadSpec.Target target) {
        Duration connect = min(target.connectTimeout(), Duration.ofSeconds(10));
        Duration total = connect.plusSeconds(10);
        URI uri = modelsUri(target.url());
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connect.toMillis())
                .setKeepAlive(false));
        try {
            RequestOptions opts = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setAbsoluteURI(uri.toString())
                    .setIdleTimeout(total.toMillis());
            if (target.apiKey() != null && !target.apiKey().isEmpty()) {
                opts.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + target.apiKey());
            }
            target.headers().forEach(opts::putHeader);
            Reply reply = client.request(opts)
                    .compose(req -> req.send())
                    .compose(resp -> resp.body().map(b -> new Reply(resp, b)))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(total.toMillis() + 1000, TimeUnit.MILLISECONDS);
            judge(target, uri, reply.response.statusCode(), reply.body);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw LoadException.unreachable("target unreachable: " + uri + ": " + describe(c), c);
        } catch (TimeoutException e) {
            throw LoadException.unreachable(
                    "target unreachable: " + uri + " did not answer within " + total.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LoadException.unreachable("interrupted while checking " + uri, e);
        } finally {
            client.close();
        }
    }

    static void judge(LoadSpec.Target target, URI uri, int status, Buffer body) {
        if (status == 401 || status == 403) {
            throw LoadException.badConfig(
                    "--api-key",
                    "the target refused the request to " + uri + " (HTTP " + status + ")"
                            + (target.apiKey() == null ? "; it needs an API key" : ""));
        }
        if (status != 200) {
            return; // no models listing here; the load itself will show what the endpoint does
        }
        List<String> ids = new ArrayList<>();
        try {
            JsonNode root = Json.plain().readTree(body.getBytes());
            for (JsonNode m : root.path("data")) {
                if (m.hasNonNull("id")) {
                    ids.add(m.get("id").asText());
                }
            }
        } catch (IOException e) {
            return; // not an OpenAI listing; do not guess
        }
        if (!ids.isEmpty() && !ids.contains(target.model())) {
            throw LoadException.badConfig(
                    "--model",
                    "'" + target.model() + "' is not served by " + uri + "; it serves: " + String.join(", ", ids));
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Reply(HttpClientResponse response, Buffer body) {}
}
