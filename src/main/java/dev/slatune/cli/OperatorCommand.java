package dev.slatune.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code operator} command (not built yet). */
@Command(name = "operator", mixinStandardHelpOptions = true, description = "Not built yet.")
public class OperatorCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slatune operator: not built yet");
        return 1;
    }
}
