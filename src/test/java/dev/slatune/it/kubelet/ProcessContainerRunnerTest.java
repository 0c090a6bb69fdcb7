package dev.slatune.it.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-in's "mount" of the termination message file into a process's arguments. */
class ProcessContainerRunnerTest {

    private static final Path FILE = Path.of("/tmp/x/pod.termination-log");

    @Test
    void mapsAnArgumentNamingTheTerminationPath() {
        assertThat(ProcessContainerRunner.mapTerminationPath(
                        List.of("load", "--termination-log", "/dev/termination-log"), "/dev/termination-log", FILE))
                .containsExactly("load", "--termination-log", FILE.toString());
    }

    @Test
    void mapsAnOptionWithEqualsSign() {
        assertThat(ProcessContainerRunner.mapTerminationPath(
                        List.of("load", "--termination-log=/dev/termination-log"), "/dev/termination-log", FILE))
                .containsExactly("load", "--termination-log=" + FILE);
    }

    @Test
    void addsTheFlagWhenNoArgumentNamesThePath() {
        assertThat(ProcessContainerRunner.mapTerminationPath(
                        List.of("load", "--parallel", "2"), "/dev/termination-log", FILE))
                .containsExactly("load", "--parallel", "2", "--termination-log=" + FILE);
    }
}
