package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.RealTime;
import dev.slatune.metrics.LoadFailure;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slatune load} end to end: exit codes 0/2/3, the table, the JSON files, the secret key. */
@RealTime
class LoadCommandTest {

    static Vertx vertx;
    static HttpServer server;
    static String url;
    /** Chat completion requests the server has had (not /v1/models, nor the /metrics check). */
    static final java.util.concurrent.atomic.AtomicInteger chats = new java.util.concurrent.atomic.AtomicInteger();

    @TempDir
    Path tmp;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().endsWith("/models")) {
                req.response().end("{\"data\":[{\"id\":\"m1\"}]}");
                return;
            }
            if (req.path().endsWith("/chat/completions")) {
                chats.incrementAndGet();
            }
            req.body()
                    .onSuccess(b -> req.response()
                            .putHeader("content-type", "text/event-stream")
                            .end("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
                                    + "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
                                    + "data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n"
                                    + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n"
                                    + "data: [DONE]\n\n"));
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        url = "http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions";
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int run(String... args) {
        return run(new LoadCommand(), args);
    }

    int run(LoadCommand cmd, String... args) {
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setErr(new java.io.PrintWriter(cmd.err, true));
        return cl.execute(args);
    }

    String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void measuresAndWritesTheResultEverywhere() throws Exception {
        Path output = tmp.resolve("out/result.json");
        Path term = tmp.resolve("termination-log");
        int code = run(
                "--url",
                url,
                "--model",
                "m1",
                "--parallel",
                "4",
                "--number",
                "20",
                "--api-key",
                "sk-secret-1",
                "--output",
                output.toString(),
                "--termination-log",
                term.toString(),
                "--min-prompt-length",
                "8",
                "--max-prompt-length",
                "8");
        assertThat(code).as(errText()).isZero();
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("Detailed Performance Metrics", "TTFT(s)", "Success", "100.0%");
        ProbeResult full = ProbeResultCodec.fromJson(Files.readString(output));
        assertThat(full.requests().succeeded()).isEqualTo(20);
        assertThat(full.variable()).isEqualTo("parallel");
        assertThat(full.value()).isEqualTo(4);
        byte[] compact = Files.readAllBytes(term);
        assertThat(compact.length).isLessThanOrEqualTo(ProbeResultCodec.MAX_BYTES);
        assertThat(ProbeResultCodec.fromJson(new String(compact, StandardCharsets.UTF_8))
                        .outputTokens())
                .isEqualTo(40);
        // The key is sent, never shown.
        assertThat(table + errText() + Files.readString(output) + new String(compact, StandardCharsets.UTF_8))
                .doesNotContain("sk-secret-1");
    }

    @Test
    void openLoopRunsThroughTheCommand() {
        int code = run(
                "--url",
                url,
                "--model",
                "m1",
                "--rate",
                "200",
                "--arrival",
                "CONSTANT",
                "--number",
                "10",
                "--min-prompt-length",
                "4",
                "--max-prompt-length",
                "4");
        assertThat(code).as(errText()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("target 200.00/s");
    }

    @Test
    void missingUrlIsExitTwoNamingTheFlag() {
        assertThat(run("--model", "m1")).isEqualTo(2);
        assertThat(errText()).contains("--url");
    }

    @Test
    void badValuesAreExitTwoNamingTheFlag() {
        String[][] cases = {
            {"--parallel", "0"}, {"--rate", "-1"}, {"--max-tokens", "ten"}, {"--max-tokens", "9,3"},
            {"--dataset", "jsonl"}, {"--extra-args", "[1,2]"}, {"--read-timeout", "soon"}, {"--api", "grpc"},
            {"--min-tokens", "99999"}, {"--max-concurrency", "3"}
        };
        String[] flags = {
            "--parallel",
            "--rate",
            "--max-tokens",
            "--max-tokens",
            "--dataset-path",
            "--extra-args",
            "--read-timeout",
            "--api",
            "--min-tokens",
            "--max-concurrency"
        };
        for (int i = 0; i < cases.length; i++) {
            err.reset();
            int code = run("--url", url, "--model", "m1", cases[i][0], cases[i][1]);
            assertThat(code).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(errText()).as(String.join(" ", cases[i])).contains(flags[i]);
        }
    }

    @Test
    void unknownFlagsAndBadNumbersAreUsageErrors() {
        assertThat(run("--url", url, "--model", "m1", "--bogus")).isEqualTo(2);
        assertThat(run("--url", url, "--model", "m1", "--parallel", "many")).isEqualTo(2);
        assertThat(errText()).contains("--parallel");
    }

    @Test
    void unknownModelIsExitTwo() {
        assertThat(run("--url", url, "--model", "other", "--number", "1")).isEqualTo(2);
        assertThat(errText()).contains("--model", "m1");
    }

    @Test
    void unreachableTargetIsExitThree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(run("--url", "http://127.0.0.1:" + port + "/v1/chat/completions", "--model", "m1", "--number", "1"))
                .isEqualTo(3);
        assertThat(errText()).contains("unreachable");
    }

    @Test
    void aCancelledRunIsExitFourMarkedInterruptedAndNeverAResult() throws Exception {
        Path output = tmp.resolve("partial.json");
        Path term = tmp.resolve("termination-log");
        LoadCommand cmd = new LoadCommand();
        java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        cmd.runners = () -> {
            dev.slatune.load.LoadRunner runner = new dev.slatune.load.LoadRunner();
            // As SIGTERM does through the shutdown hook: cancel while the run is measuring.
            timer.schedule(runner::cancel, 1500, TimeUnit.MILLISECONDS);
            return runner;
        };
        try {
            int code = run(
                    cmd,
                    "--url",
                    url,
                    "--model",
                    "m1",
                    "--parallel",
                    "2",
                    "--duration",
                    "120",
                    "--warmup-num",
                    "0",
                    "--output",
                    output.toString(),
                    "--termination-log",
                    term.toString(),
                    "--min-prompt-length",
                    "4",
                    "--max-prompt-length",
                    "4");
            assertThat(code).as(errText()).isEqualTo(4);
        } finally {
            timer.shutdownNow();
        }
        assertThat(errText()).contains("interrupted");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("result: interrupted");
        dev.slatune.metrics.LoadFailure f = dev.slatune.metrics.LoadFailure.parse(Files.readString(term));
        assertThat(f).isNotNull();
        assertThat(f.kind()).isEqualTo(dev.slatune.metrics.LoadFailure.Kind.INTERRUPTED);
        // What was measured is still shown to a person, in --output; the operator never reads it as a run.
        assertThat(ProbeResultCodec.fromJson(Files.readString(output))
                        .requests()
                        .total())
                .isPositive();
    }

    /**
     * SIGTERM before the measured run: the shutdown hook calls {@link dev.slatune.load.LoadRunner#shutDown}
     * while the pod waits for {@code --start-at} (a virtual gate here: its sleep is where the signal comes).
     * The run must not start afterwards, and the exit code says interrupted.
     */
    @Test
    void aSigtermWhileWaitingForTheStartIsExitFourAndSendsNoLoad() throws Exception {
        Path term = tmp.resolve("termination-log");
        long[] now = {1_800_000_000_000L};
        dev.slatune.load.LoadRunner[] made = new dev.slatune.load.LoadRunner[1];
        List<Long> sleeps = new java.util.ArrayList<>();
        LoadCommand cmd = new LoadCommand();
        cmd.gate = new dev.slatune.load.StartGate(new VirtualClock(now), ms -> {
            sleeps.add(ms);
            if (sleeps.size() == 2) {
                made[0].shutDown(); // what the hook does on SIGTERM
            }
            now[0] += ms;
        });
        cmd.runners = () -> made[0] = new dev.slatune.load.LoadRunner();
        int before = chats.get();
        int code = run(
                cmd,
                tinyLoad(
                        "--number",
                        "5",
                        "--warmup-num",
                        "0",
                        "--start-at",
                        Long.toString(now[0] + 600_000),
                        "--termination-log",
                        term.toString()));
        assertThat(code).as(errText()).isEqualTo(LoadFailure.Kind.INTERRUPTED.exitCode());
        // It stopped waiting at the signal instead of sleeping out the ten minutes, and sent nothing.
        assertThat(sleeps).hasSize(2);
        assertThat(chats.get()).isEqualTo(before);
        assertThat(errText()).contains("interrupted before the measured run began");
        assertThat(LoadFailure.parse(Files.readString(term)).kind()).isEqualTo(LoadFailure.Kind.INTERRUPTED);
    }

    /** SIGTERM during the target check, before any run: the later run is cancelled, not a full run. */
    @Test
    void aSigtermBeforeTheRunIsNotLost() throws Exception {
        LoadCommand cmd = new LoadCommand();
        cmd.runners = () -> {
            dev.slatune.load.LoadRunner runner = new dev.slatune.load.LoadRunner();
            runner.shutDown(); // the signal came before run() was called
            return runner;
        };
        int before = chats.get();
        int code = run(cmd, tinyLoad("--parallel", "2", "--duration", "120"));
        assertThat(code).as(errText()).isEqualTo(LoadFailure.Kind.INTERRUPTED.exitCode());
        assertThat(chats.get()).isEqualTo(before);
    }

    /** A per-run cancel before the run is reset by it (the start gate relies on that); only a shutdown holds. */
    @Test
    void aCancelBeforeTheRunHoldsForNoRun() {
        LoadCommand cmd = new LoadCommand();
        cmd.runners = () -> {
            dev.slatune.load.LoadRunner runner = new dev.slatune.load.LoadRunner();
            runner.cancel();
            return runner;
        };
        int before = chats.get();
        int code = run(cmd, tinyLoad("--number", "5"));
        assertThat(code).as(errText()).isZero();
        assertThat(chats.get() - before).isEqualTo(5);
    }

    /** Arguments of a load against the test's server with 4-token prompts, plus {@code more}. */
    static String[] tinyLoad(String... more) {
        List<String> args = new java.util.ArrayList<>(
                List.of("--url", url, "--model", "m1", "--min-prompt-length", "4", "--max-prompt-length", "4"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A clock whose time is a shared array cell, so that the gate's sleeper can move it. */
    static final class VirtualClock extends java.time.Clock {
        private final long[] now;

        VirtualClock(long[] now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(now[0]);
        }
    }

    @Test
    void aFailureLeavesAStructuredReasonInTheTerminationLog() throws Exception {
        Path term = tmp.resolve("termination-log");
        assertThat(run("--url", url, "--model", "other", "--number", "1", "--termination-log", term.toString()))
                .isEqualTo(2);
        dev.slatune.metrics.LoadFailure f = dev.slatune.metrics.LoadFailure.parse(Files.readString(term));
        assertThat(f.kind()).isEqualTo(dev.slatune.metrics.LoadFailure.Kind.BAD_CONFIGURATION);
        assertThat(f.message()).contains("--model");
    }

    @Test
    void missingDatasetFileIsExitTwo() {
        assertThat(run(
                        "--url",
                        url,
                        "--model",
                        "m1",
                        "--dataset",
                        "line_by_line",
                        "--dataset-path",
                        tmp.resolve("none.txt").toString()))
                .isEqualTo(2);
        assertThat(errText()).contains("--dataset-path");
    }
}
