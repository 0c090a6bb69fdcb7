package dev.slatune.cli;

import dev.slatune.metrics.ExitCode;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The {@code operator} command: starts the SlaTuning reconciler (the operator SDK does not start on
 * its own: the other commands share this application) and serves until the process is stopped.
 * Configuration comes from {@code slatune.operator.*} and {@code quarkus.operator-sdk.*} (e.g. the
 * watched namespaces), as environment variables in a cluster.
 */
@Command(
        name = "operator",
        mixinStandardHelpOptions = true,
        description = "Run the SlaTuning operator: one load Job per pressure point, the answer in the status.")
public class OperatorCommand implements Callable<Integer> {

    @Inject
    Operator operator;

    @Override
    public Integer call() {
        operator.start();
        Quarkus.waitForExit();
        return ExitCode.MEASURED.code();
    }
}
