package dev.slatune.load;

import dev.slatune.metrics.ExitCode;

/**
 * A load run that could not measure, with the process exit code that says why
 * ({@link ExitCode#BAD_CONFIGURATION} or {@link ExitCode#UNREACHABLE}). Exit codes describe the
 * infrastructure, never the SLA.
 */
public final class LoadException extends RuntimeException {

    private final ExitCode exitCode;

    private LoadException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A bad configuration; {@code flag} is the command-line flag at fault, as the user types it. */
    public static LoadException badConfig(String flag, String message) {
        return new LoadException(ExitCode.BAD_CONFIGURATION, flag + ": " + message, null);
    }

    /** A bad configuration with an underlying cause. */
    public static LoadException badConfig(String flag, String message, Throwable cause) {
        return new LoadException(ExitCode.BAD_CONFIGURATION, flag + ": " + message, cause);
    }

    /** The target did not answer. */
    public static LoadException unreachable(String message, Throwable cause) {
        return new LoadException(ExitCode.UNREACHABLE, message, cause);
    }

    /** The process exit code: {@link ExitCode#BAD_CONFIGURATION} or {@link ExitCode#UNREACHABLE}. */
    public ExitCode exitCode() {
        return exitCode;
    }
}
