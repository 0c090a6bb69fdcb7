package dev.slatune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code simulate} command (not built yet). */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Not built yet.")
public class SimulateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slatune simulate: not built yet");
        return 1;
    }
}
