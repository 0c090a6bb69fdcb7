package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(usage).contains("--port", "--host", "--seed", "--model", "--slots", "--step-base", "--step-per-seq",
                "--prefill-per-token", "--jitter", "--zero-delay", "--default-max-tokens", "--max-model-len",
                "--fail-429", "--fail-500", "--cut-streams", "--stall", "--stall-fraction");
        cl.getCommandSpec().options().forEach(o -> assertThat(o.description()).as(o.longestName()).isNotEmpty());
        SimulateCommand cmd = new SimulateCommand();
        new CommandLine(cmd).parseArgs();
        assertThat(cmd.port).isEqualTo(8801);
        assertThat(cmd.host).isEqualTo("127.0.0.1");
    }

    @Test
    void badValuesExitWithCode2AndAReason() {
        int code = new CommandLine(new SimulateCommand()).execute("--fail-429", "1.5", "--port", "0");
        assertThat(code).isEqualTo(2);
        assertThat(new CommandLine(new SimulateCommand()).execute("--step-base", "fast", "--port", "0")).isEqualTo(2);
    }
}
