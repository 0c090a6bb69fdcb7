package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.RealTime;
import dev.slatune.it.Await;
import dev.slatune.metrics.ExitCode;
import dev.slatune.metrics.ProbeResult;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The closed and open loop drivers, error kinds and exit codes, against an in-process server. */
@RealTime
class LoadRunnerTest {

    static FakeLlmServer server;
    static LoadRunner runner;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeLlmServer();
        runner = new LoadRunner();
    }

    @AfterAll
    static void stop() throws Exception {
        runner.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        server.mode = FakeLlmServer.Mode.OK;
        server.ttftMs = 5;
        server.tokenMs = 1;
        server.tokens = 4;
        server.maxInFlight.set(0);
    }

    @Test
    void closedLoopSendsTheNumberAskedAndKeepsParallelInFlight() {
        server.ttftMs = 30;
        int before = server.requests.get();
        ProbeResult r = runner.run(Specs.closed(server.url(), 8, 64), null);
        // The ramp sends unmeasured requests first: the pilot, then slots 1..6 (slot 7's first send opens
        // the window), and whatever the started slots send meanwhile.
        assertThat(server.requests.get() - before).isBetween(64 + 7, 64 + 2 * 8);
        assertThat(r.variable()).isEqualTo("parallel");
        assertThat(r.value()).isEqualTo(8);
        assertThat(r.requests().total()).isEqualTo(64);
        assertThat(r.requests().succeeded()).isEqualTo(64);
        assertThat(r.outputTokens()).isEqualTo(64 * 4);
        assertThat(r.inputTokens()).isEqualTo(64 * 7); // from usage, not the client's estimate
        assertThat(r.outputTokensEstimated()).isZero();
        assertThat(r.client().maxInFlight()).isEqualTo(8);
        assertThat(server.maxInFlight.get()).isEqualTo(8);
        assertThat(r.ttft().p50()).isGreaterThanOrEqualTo(0.029);
        assertThat(r.latency().p50()).isGreaterThan(r.ttft().p50());
        assertThat(r.tpot().count()).isEqualTo(64);
        assertThat(r.itl().count()).isEqualTo(64 * 3);
    }

    @Test
    void aCountBoundRunSendsNoMoreThanThePromptsItsOrdinalReserves() {
        // A prompt file gives ordinal K the prompts from K x expectedRequests on: a run must not need more.
        // Replies of 50 ms: the ramp's timers (millisecond, late on a loaded machine) stay small beside them.
        server.ttftMs = 50;
        for (LoadSpec spec : java.util.List.of(
                Specs.closed(server.url(), 8, 40),
                Specs.closed(server.url(), 3, 9).withWarmup(5, null),
                Specs.closed(server.url(), 1, 4))) {
            int before = server.requests.get();
            runner.run(spec, null);
            assertThat((long) server.requests.get() - before)
                    .as(spec.size() + " at " + spec.pressure().parallel())
                    .isLessThanOrEqualTo(LoadRunner.expectedRequests(spec));
        }
    }

    @Test
    void aRepeatedOrdinalHitsThePrefixCacheAndIsWarnedAbout() {
        server.prefixCache = true;
        try {
            LoadSpec spec = Specs.closed(server.url(), 2, 20).withRun(900);
            ProbeResult first = runner.run(spec, null);
            ProbeResult fresh = runner.run(spec.withRun(901), null);
            ProbeResult repeated = runner.run(spec, null);
            assertThat(first.promptCache().reporting()).isEqualTo(20);
            assertThat(first.promptCache().share()).isZero();
            assertThat(fresh.promptCache().share()).isZero();
            assertThat(repeated.promptCache().share()).isEqualTo(1.0);
            assertThat(dev.slatune.metrics.MeasurementNotes.of(fresh, true))
                    .containsExactly("prompt cache: 0.0% of the prompt tokens were cached (server-reported)");
            assertThat(String.join("\n", dev.slatune.metrics.MeasurementNotes.of(repeated, true)))
                    .startsWith(
                            "WARNING: 100.0% of the prompt tokens came from the server's cache although the prompts were random");
            assertThat(dev.slatune.cli.report.ResultTable.details(repeated, true))
                    .contains("Note: WARNING: 100.0%");
            String json = dev.slatune.metrics.ProbeResultCodec.toJson(repeated);
            assertThat(json).contains("\"promptCache\":{\"reporting\":20,\"promptTokens\":140,\"cachedTokens\":140}");
        } finally {
            server.prefixCache = false;
            server.seenPrompts.clear();
        }
    }

    @Test
    void repliesShorterThanAFixedLengthAreCountedAndShown() {
        // min_tokens 8, but the server stops at 4 tokens.
        LoadSpec spec =
                Specs.withBody(Specs.closed(server.url(), 2, 10), new LoadSpec.Body(true, 16, 16, 8, null, null));
        ProbeResult r = runner.run(spec, null);
        assertThat(r.replyLengths()).isEqualTo(new dev.slatune.metrics.ReplyLengths(8, 10, 10));
        assertThat(dev.slatune.cli.report.ResultTable.details(r))
                .contains("Note: 10 of 10 replies were shorter than the 8 output tokens asked");
        ProbeResult ok = runner.run(
                Specs.withBody(
                        Specs.closed(server.url(), 2, 10),
                        new LoadSpec.Body(true, 4, 4, null, null, "{\"ignore_eos\": true}")),
                null);
        assertThat(ok.replyLengths()).isEqualTo(new dev.slatune.metrics.ReplyLengths(4, 10, 0));
    }

    @Test
    void sendsTheBodyAndHeadersAsked() {
        runner.run(Specs.closed(server.url(), 1, 1), null);
        assertThat(server.lastAuthorization).isEqualTo("Bearer sk-test");
        assertThat(server.lastBody)
                .contains(
                        "\"model\":\"test-model\"",
                        "\"max_tokens\":16",
                        "\"stream\":true",
                        "\"stream_options\":{\"include_usage\":true}",
                        "\"messages\":[{\"role\":\"user\"");
    }

    @Test
    void warmupRequestsAreSentButNotMeasured() {
        int before = server.requests.get();
        ProbeResult r = runner.run(Specs.closed(server.url(), 2, 10).withWarmup(6, null), null);
        // The window opens once 6 warm-up requests have completed; the other slot's is still in flight.
        assertThat(server.requests.get() - before).isBetween(16, 16 + 2);
        assertThat(r.requests().total()).isEqualTo(10);
    }

    @Test
    void durationBoundsAClosedLoop() {
        ProbeResult r = runner.run(Specs.closed(server.url(), 2, 1).withDuration(Duration.ofMillis(400)), null);
        assertThat(r.requests().total()).isGreaterThan(2);
        assertThat(r.windowSeconds()).isGreaterThanOrEqualTo(0.35).isLessThan(5);
    }

    @Test
    void openLoopSendsAtTheRateAskedIndependentOfCompletions() {
        server.ttftMs = 200; // replies are slow: a closed loop of 1 would send 5/s
        ProbeResult r = runner.run(Specs.closed(server.url(), 1, 40).withRate(100), null);
        assertThat(r.variable()).isEqualTo("rate");
        assertThat(r.value()).isEqualTo(100.0);
        assertThat(r.requests().total()).isEqualTo(40);
        assertThat(r.client().targetRate()).isEqualTo(100.0);
        // Poisson with 40 arrivals: the achieved rate is noisy, but far above a closed loop's 5/s.
        assertThat(r.client().achievedRate()).isGreaterThan(40);
        assertThat(r.client().maxInFlight()).isGreaterThan(5);
    }

    @Test
    void constantArrivalsAreEvenlySpaced() {
        ProbeResult r = runner.run(
                Specs.withCap(Specs.closed(server.url(), 1, 21).withRate(50), Arrival.CONSTANT, 0)
                        .withWarmup(10, null),
                null);
        // The spacing itself is tested exactly in ArrivalScheduleTest; here only that the driver follows it
        // (loosely: a cold, shared test machine may send some requests late).
        assertThat(r.requests().total()).isEqualTo(21);
        assertThat(r.client().achievedRate()).as(r.client().toString()).isBetween(20.0, 80.0);
    }

    @Test
    void fractionalRatesWork() {
        ProbeResult r =
                runner.run(Specs.withCap(Specs.closed(server.url(), 1, 2).withRate(2.5), Arrival.CONSTANT, 0), null);
        assertThat(r.requests().total()).isEqualTo(2);
        assertThat(r.client().achievedRate()).isBetween(2.0, 3.0);
    }

    @Test
    void concurrencyCapLimitsInFlightAndSaysSo() {
        server.ttftMs = 100;
        ProbeResult r =
                runner.run(Specs.withCap(Specs.closed(server.url(), 1, 30).withRate(200), Arrival.CONSTANT, 3), null);
        assertThat(r.requests().total()).isEqualTo(30);
        assertThat(server.maxInFlight.get()).isLessThanOrEqualTo(3);
        assertThat(r.client().maxInFlight()).isEqualTo(3);
        assertThat(r.client().saturated()).isTrue();
        assertThat(r.client().reason()).contains("concurrency cap 3");
        // Latency runs from the scheduled arrival, so waiting for a slot shows up in it.
        assertThat(r.latency().max()).isGreaterThan(0.5);
    }

    @Test
    void httpErrorsAreCountedByKind() {
        server.mode = FakeLlmServer.Mode.STATUS;
        server.status = 429;
        ProbeResult r = runner.run(Specs.closed(server.url(), 2, 4), null);
        server.status = 503;
        ProbeResult r5 = runner.run(Specs.closed(server.url(), 2, 3), null);
        server.status = 400;
        ProbeResult r4 = runner.run(Specs.closed(server.url(), 2, 2), null);
        assertThat(r.requests().errors()).containsEntry("http_429", 4L);
        assertThat(r.requests().succeeded()).isZero();
        assertThat(r5.requests().errors()).containsEntry("http_5xx", 3L);
        assertThat(r4.requests().errors()).containsEntry("http_4xx", 2L);
    }

    @Test
    void errorEventMidStreamIsAStreamError() {
        server.mode = FakeLlmServer.Mode.ERROR_EVENT;
        server.tokens = 6;
        ProbeResult r = runner.run(Specs.closed(server.url(), 2, 4), null);
        assertThat(r.requests().errors()).containsEntry("stream_error", 4L);
    }

    @Test
    void brokenConnectionMidStreamIsAStreamError() {
        server.mode = FakeLlmServer.Mode.DISCONNECT;
        server.tokens = 6;
        ProbeResult r = runner.run(Specs.closed(server.url(), 2, 4), null);
        assertThat(r.requests().errors()).containsEntry("stream_error", 4L);
    }

    @Test
    void silenceBeyondTheReadTimeoutIsATimeout() {
        server.mode = FakeLlmServer.Mode.SILENT;
        ProbeResult r = runner.run(
                Specs.withTimeouts(Specs.closed(server.url(), 2, 2), Duration.ofSeconds(2), Duration.ofMillis(300)),
                null);
        assertThat(r.requests().errors()).containsEntry("timeout", 2L);
    }

    @Test
    void streamsWithoutUsageCountContentChunksAndSaySo() {
        server.mode = FakeLlmServer.Mode.NO_USAGE;
        ProbeResult r = runner.run(Specs.closed(server.url(), 1, 3), null);
        assertThat(r.requests().succeeded()).isEqualTo(3);
        assertThat(r.outputTokens()).isEqualTo(12);
        assertThat(r.outputTokensEstimated()).isEqualTo(3);
        assertThat(r.inputTokens()).isEqualTo(3 * 8); // the prompt source's count: 8 tokens each
    }

    @Test
    void nonStreamedRepliesHaveLatencyButNoTtft() {
        var s = Specs.closed(server.url(), 2, 4);
        ProbeResult r = runner.run(Specs.withBody(s, new LoadSpec.Body(false, 16, 16, null, null, null)), null);
        assertThat(r.requests().succeeded()).isEqualTo(4);
        assertThat(r.outputTokens()).isEqualTo(16);
        assertThat(r.latency().count()).isEqualTo(4);
        assertThat(r.ttft().count()).isZero();
        assertThat(server.lastBody).contains("\"stream\":false").doesNotContain("stream_options");
    }

    @Test
    void progressIsReported() {
        server.ttftMs = 400;
        List<Progress> seen = new ArrayList<>();
        runner.run(Specs.closed(server.url(), 2, 6), p -> {
            synchronized (seen) {
                seen.add(p);
            }
        });
        synchronized (seen) {
            assertThat(seen).isNotEmpty();
            Progress last = seen.get(seen.size() - 1);
            assertThat(last.done()).isEqualTo(6);
            assertThat(last.number()).isEqualTo(6);
            assertThat(seen.get(0).inFlight()).isBetween(0L, 2L);
        }
    }

    @Test
    void cancelReturnsWhatWasMeasured() throws Exception {
        server.ttftMs = 50;
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<ProbeResult> f = CompletableFuture.supplyAsync(
                () -> runner.run(Specs.closed(server.url(), 2, 100000), p -> done.set(p.done())));
        Await.until("some requests done", Duration.ofSeconds(10), Duration.ofMillis(20), () -> done.get() >= 4);
        runner.cancel();
        ProbeResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(runner.wasCancelled()).isTrue();
        assertThat(r.requests().total()).isGreaterThan(0).isLessThan(100000);
        // and the runner is still usable afterwards
        ProbeResult again = runner.run(Specs.closed(server.url(), 1, 2), null);
        assertThat(again.requests().succeeded()).isEqualTo(2);
    }

    @Test
    void unknownModelIsABadConfigurationNamingTheFlag() {
        assertThatThrownBy(() -> runner.run(Specs.withModel(Specs.closed(server.url(), 1, 1), "nope"), null))
                .isInstanceOfSatisfying(LoadException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION);
                    assertThat(e.getMessage()).startsWith("--model").contains("test-model");
                });
    }

    @Test
    void unreachableTargetIsExitThreeWithinSeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long t0 = System.nanoTime();
        String url = "http://127.0.0.1:" + port + "/v1/chat/completions";
        assertThatThrownBy(() -> runner.run(Specs.closed(url, 1, 1), null))
                .isInstanceOfSatisfying(LoadException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
                    assertThat(e.getMessage()).contains("unreachable").contains(String.valueOf(port));
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }
}
