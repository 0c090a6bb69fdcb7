package dev.slatune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code tune} command (not built yet). */
@Command(name = "tune", mixinStandardHelpOptions = true, description = "Not built yet.")
public class TuneCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slatune tune: not built yet");
        return 1;
    }
}
