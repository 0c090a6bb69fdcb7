package dev.slatune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code load} command (not built yet). */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Not built yet.")
public class LoadCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slatune load: not built yet");
        return 1;
    }
}
