package dev.slatune.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The entry point. It decides, before Quarkus boots, what the chosen command needs from the
 * runtime: only {@code operator} listens on Quarkus's HTTP port (health, metrics); the other
 * commands start no HTTP server of Quarkus's own and stay quiet at start-up.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        boolean operator = args.length > 0 && "operator".equals(args[0]);
        setDefault("quarkus.http.host-enabled", Boolean.toString(operator));
        if (!operator) {
            setDefault("quarkus.log.category.\"io.quarkus\".level", "WARN");
        }
        Quarkus.run(Main.class, args);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public int run(String... args) {
        return commandLine(factory).execute(args);
    }

    /** The configured picocli command line, shared with tests. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return configure(new CommandLine(SlatuneCommand.class, factory));
    }

    /** The parser settings every command shares (also for commands built alone in tests). */
    public static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }
}
