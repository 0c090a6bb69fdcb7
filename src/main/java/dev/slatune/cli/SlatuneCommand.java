package dev.slatune.cli;

import picocli.CommandLine.Command;

/** The top-level {@code slatune} command: dispatches to the sub-commands. */
@Command(
        name = "slatune",
        mixinStandardHelpOptions = true,
        version = "slatune 0.1.0",
        description = "Finds the most load an LLM serving endpoint can take while it still meets its SLA.",
        subcommands = {
            OperatorCommand.class,
            LoadCommand.class,
            TuneCommand.class,
            PerfCommand.class,
            SimulateCommand.class
        })
public class SlatuneCommand {}
