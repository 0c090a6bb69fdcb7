package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.simulator.Quirks;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code simulate} command's options and their parsing, without starting a server. */
class SimulateCommandTest {

    @Test
    void durationsTakeUnits() {
        assertThat(SimulateCommand.duration("--x", "8ms")).isEqualTo(Duration.ofMillis(8));
        assertThat(SimulateCommand.duration("--x", "150us")).isEqualTo(Duration.ofNanos(150_000));
        assertThat(SimulateCommand.duration("--x", "20000ns")).isEqualTo(Duration.ofNanos(20_000));
        assertThat(SimulateCommand.duration("--x", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SimulateCommand.duration("--x", "3")).isEqualTo(Duration.ofMillis(3));
        assertThatThrownBy(() -> SimulateCommand.duration("--stall", "soon")).hasMessageContaining("--stall");
        assertThatThrownBy(() -> SimulateCommand.duration("--stall", "-1ms")).hasMessageContaining("negative");
    }

    @Test
    void everyOptionHasHelpTextAndTheDocumentedDefaults() {
        CommandLine cl = new CommandLine(new SimulateCommand());
        String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(usage)
                .contains(
                        "--port",
                        "--host",
                        "--seed",
                        "--model",
                        "--slots",
                        "--step-base",
                        "--step-per-seq",
                        "--prefill-per-token",
                        "--jitter",
                        "--zero-delay",
                        "--default-max-tokens",
                        "--max-model-len",
                        "--fail-429",
                        "--fail-500",
                        "--cut-streams",
                        "--stall",
                        "--stall-fraction");
        cl.getCommandSpec()
                .options()
                .forEach(o -> assertThat(o.description()).as(o.longestName()).isNotEmpty());
        SimulateCommand cmd = new SimulateCommand();
        new CommandLine(cmd).parseArgs();
        assertThat(cmd.port).isEqualTo(8801);
        assertThat(cmd.host).isEqualTo("127.0.0.1");
    }

    @Test
    void habitFlagsBecomeQuirks() {
        SimulateCommand cmd = new SimulateCommand();
        new CommandLine(cmd).parseArgs();
        assertThat(cmd.quirks()).isEqualTo(Quirks.NONE);
        assertThat(SimulateCommand.describe(cmd.quirks())).isEmpty();

        SimulateCommand llama = new SimulateCommand();
        new CommandLine(llama).parseArgs("--like-llamacpp");
        assertThat(llama.quirks()).isEqualTo(Quirks.llamaCppConnections());
        assertThat(SimulateCommand.describe(llama.quirks()))
                .contains("silent close after every reply", "Keep-Alive: timeout=5, max=100");

        SimulateCommand shapes = new SimulateCommand();
        new CommandLine(shapes)
                .parseArgs(
                        "--close-after",
                        "3",
                        "--announce-close",
                        "--idle-timeout",
                        "2s",
                        "--no-role-chunk",
                        "--usage-in",
                        "last-chunk",
                        "--empty-chunks",
                        "4",
                        "--sse-ping",
                        "15s");
        Quirks q = shapes.quirks();
        assertThat(q.closeAfter()).isEqualTo(3);
        assertThat(q.announceClose()).isTrue();
        assertThat(q.idleTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(q.roleChunk()).isFalse();
        assertThat(q.usage()).isEqualTo(Quirks.UsagePlacement.LAST_CHUNK);
        assertThat(q.emptyChunksEvery()).isEqualTo(4);
        assertThat(q.pingEvery()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void badHabitValuesNameTheFlag() {
        SimulateCommand cmd = new SimulateCommand();
        new CommandLine(cmd).parseArgs("--usage-in", "middle");
        assertThatThrownBy(cmd::quirks).hasMessageContaining("--usage-in").hasMessageContaining("last-chunk");
        SimulateCommand neg = new SimulateCommand();
        new CommandLine(neg).parseArgs("--close-after", "-1");
        assertThatThrownBy(neg::quirks).hasMessageContaining("--close-after");
        assertThat(new CommandLine(new SimulateCommand()).execute("--empty-chunks", "-2", "--port", "0"))
                .isEqualTo(2);
    }

    @Test
    void badValuesExitWithCode2AndAReason() {
        int code = new CommandLine(new SimulateCommand()).execute("--fail-429", "1.5", "--port", "0");
        assertThat(code).isEqualTo(2);
        assertThat(new CommandLine(new SimulateCommand()).execute("--step-base", "fast", "--port", "0"))
                .isEqualTo(2);
    }
}
