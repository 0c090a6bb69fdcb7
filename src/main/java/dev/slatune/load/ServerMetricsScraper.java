package dev.slatune.load;

import dev.slatune.metrics.PrometheusText;
import dev.slatune.metrics.ServerMetrics;
import dev.slatune.metrics.ServerMetricsTracker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scrapes a target's Prometheus metrics around one probe: once before the first request, every
 * {@link #EVERY} while the probe runs, and once after it, and turns the scrapes into the probe's
 * {@link ServerMetrics}. On its own HTTP client (one connection), so that scraping never takes a
 * connection of the load. A scrape that fails is skipped: server figures are an explanation, never a
 * reason to lose a measurement.
 */
final class ServerMetricsScraper implements AutoCloseable {

    /** Time between scrapes during a probe. */
    static final Duration EVERY = Duration.ofMillis(500);
    /** The first scrape during a probe: early, so that short probes are seen too. */
    static final Duration FIRST = Duration.ofMillis(100);
    /** The longest one scrape may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Vertx vertx;
    private final URI url;
    private final Map<String, String> headers;
    private final HttpClient client;

    ServerMetricsScraper(Vertx vertx, URI url, Map<String, String> headers) {
        this.vertx = vertx;
        this.url = url;
        this.headers = headers;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) TIMEOUT.toMillis()),
                new PoolOptions().setHttp1MaxSize(1));
    }

    /** The metrics URL when none is given: the target's origin plus {@code /metrics} (vLLM, SGLang, TGI, llama.cpp). */
    static URI defaultUrl(URI target) {
        return target.resolve("/metrics");
    }

    URI url() {
        return url;
    }

    /** One scrape, blocking; throws when the endpoint does not answer 200 with text. */
    PrometheusText.Scrape scrapeNow() throws ScrapeException {
        try {
            return scrape().toCompletionStage()
                    .toCompletableFuture()
                    .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new ScrapeException(c instanceof ScrapeException s ? s.getMessage() : ErrorMessages.ofThrowable(c));
        } catch (TimeoutException e) {
            throw new ScrapeException("no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScrapeException("interrupted");
        }
    }

    private Future<PrometheusText.Scrape> scrape() {
        RequestOptions opts = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url.toString())
                .setIdleTimeout(TIMEOUT.toMillis());
        headers.forEach(opts::putHeader);
        return client.request(opts)
                .compose(req -> req.send())
                .compose(resp -> resp.body().compose(body -> {
                    if (resp.statusCode() != 200) {
                        return Future.failedFuture(new ScrapeException("HTTP " + resp.statusCode()));
                    }
                    return Future.succeededFuture(PrometheusText.parse(body.toString()));
                }));
    }

    /** Starts watching a probe: scrapes once now, then periodically until {@link Session#end}. */
    Session begin() {
        return new Session();
    }

    @Override
    public void close() {
        client.close();
    }

    /** The scrapes of one probe. */
    final class Session {
        private final ServerMetricsTracker tracker = new ServerMetricsTracker();
        private final long timer;
        private volatile boolean ended;

        private Session() {
            try {
                tracker.before(scrapeNow());
            } catch (ScrapeException e) {
                // no "before": counters will have no change to report, gauges still their peaks
            }
            timer = vertx.setTimer(FIRST.toMillis(), id -> tick());
        }

        private void tick() {
            if (ended) {
                return;
            }
            scrape().onSuccess(tracker::during).onComplete(ar -> {
                if (!ended) {
                    vertx.setTimer(EVERY.toMillis(), id -> tick());
                }
            });
        }

        /** Stops the periodic scrapes without a last one (a run that ends by interruption). */
        void cancel() {
            ended = true;
            vertx.cancelTimer(timer);
        }

        /** Stops the periodic scrapes, scrapes once more, and returns the probe's figures (null if none). */
        ServerMetrics end() {
            cancel();
            try {
                tracker.during(scrapeNow());
            } catch (ScrapeException e) {
                // the figures so far stand
            }
            return tracker.result();
        }
    }

    /** A scrape that did not work, in words. */
    static final class ScrapeException extends Exception {
        ScrapeException(String message) {
            super(message);
        }
    }
}
