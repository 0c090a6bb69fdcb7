package dev.slatune.load;

/**
 * A load run that could not measure, with the process exit code that says why (docs/architecture.md: 2 bad
 * configuration, 3 target unreachable). Exit codes describe the infrastructure, never the SLA.
 */
public final class LoadException extends RuntimeException {

    /** Exit code of a bad flag or configuration. */
    public static final int BAD_CONFIG = 2;
    /** Exit code of a target that cannot be reached. */
    public static final int UNREACHABLE = 3;

    private final int exitCode;

    private LoadException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A bad configuration; {@code flag} is the command-line flag at fault, as the user types it. */
    public static LoadException badConfig(String flag, String message) {
        return new LoadException(BAD_CONFIG, flag + ": " + message, null);
    }

    /** A bad configuration with an underlying cause. */
    public static LoadException badConfig(String flag, String message, Throwable cause) {
        return new LoadException(BAD_CONFIG, flag + ": " + message, cause);
    }

    /** The target did not answer. */
    public static LoadException unreachable(String message, Throwable cause) {
        return new LoadException(UNREACHABLE, message, cause);
    }

    /** The process exit code: {@link #BAD_CONFIG} or {@link #UNREACHABLE}. */
    public int exitCode() {
        return exitCode;
    }
}
