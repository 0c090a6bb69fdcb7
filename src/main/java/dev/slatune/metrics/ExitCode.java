package dev.slatune.metrics;

import java.util.Optional;

/**
 * The exit codes of slatune's commands, and the half of the Job contract a load pod reports besides
 * its {@link ProbeResult}: they describe the infrastructure, never the SLA (the operator judges the
 * SLA from the measurements). The operator ends a tuning at once on {@link #BAD_CONFIGURATION} and
 * {@link #UNREACHABLE}, since a retry would meet the same fault, and retries anything else.
 */
public enum ExitCode {
    /** Measured (whatever the numbers), or the command did what it was asked. */
    MEASURED(0),
    /** An unexpected error: a crash, or a failure no other code describes. */
    ERROR(1),
    /** A bad flag or configuration; the message names the flag or field. Also picocli's usage errors. */
    BAD_CONFIGURATION(2),
    /** The target (or, for {@code simulate}, the port) could not be reached or bound. */
    UNREACHABLE(3),
    /** Interrupted (Ctrl-C, SIGTERM): what was measured is still reported. 128 + SIGINT, as shells do. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** The code with that exit status, if it is one of slatune's. */
    public static Optional<ExitCode> of(int code) {
        for (ExitCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
