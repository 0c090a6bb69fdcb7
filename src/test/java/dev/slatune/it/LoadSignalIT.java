package dev.slatune.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.metrics.LoadFailure;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slatune load} as the packaged process a load pod runs, stopped by a real SIGTERM (a drain or an
 * eviction) before its measured run began: while it waits for {@code --start-at}. The signal must not be lost
 * (the pod would sleep out the wait, then measure a full run the operator no longer expects, or be killed
 * after the grace period with no reason written): the process exits at once with the interrupted code and
 * leaves that reason in its termination log, having sent no load. No control plane needed.
 */
class LoadSignalIT {

    @TempDir
    Path tmp;

    @Test
    void aSigtermWhileWaitingForTheStartExitsInterruptedAndSendsNothing() throws Exception {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults())) {
            Path term = tmp.resolve("termination-log");
            long startAt = System.currentTimeMillis() + 10 * 60_000; // far beyond any grace period
            SlatuneProcess load = SlatuneProcess.start(
                    "load-sigterm-before-start",
                    Map.of(),
                    List.of(
                            "load",
                            "--url",
                            sim.baseUrl() + "/v1/chat/completions",
                            "--model",
                            SimulatorConfig.DEFAULT_MODEL,
                            "--number",
                            "20",
                            "--warmup-num",
                            "0",
                            "--start-at",
                            Long.toString(startAt),
                            "--server-metrics",
                            "none",
                            "--termination-log",
                            term.toString()));
            try {
                // Printed after the target check, just before the wait for --start-at.
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (!load.output().contains("server metrics: off") && load.alive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(load.alive()).as(load.output()).isTrue();
                Thread.sleep(500); // into the wait
                long tokens = sim.metrics().generationTokens();
                load.terminate();
                int code = load.waitFor(1);
                assertThat(code).as(load.output()).isEqualTo(LoadFailure.Kind.INTERRUPTED.exitCode());
                assertThat(load.output()).contains("interrupted before the measured run began");
                assertThat(LoadFailure.parse(Files.readString(term)).kind()).isEqualTo(LoadFailure.Kind.INTERRUPTED);
                assertThat(sim.metrics().generationTokens()).isEqualTo(tokens);
            } finally {
                load.close();
            }
        }
    }
}
