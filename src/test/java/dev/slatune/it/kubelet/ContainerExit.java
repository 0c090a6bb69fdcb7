package dev.slatune.it.kubelet;

/**
 * How a container ended, as the kubelet reports it in {@code state.terminated}.
 *
 * @param exitCode the process's exit code (0: the pod Succeeded, else Failed)
 * @param message the termination message (the file at terminationMessagePath, or the log tail)
 */
public record ContainerExit(int exitCode, String message) {

    /** The kubelet cuts termination messages at 4096 bytes; so does the stand-in. */
    public static final int MAX_MESSAGE_BYTES = 4096;

    /** Exit 0 with this message. */
    public static ContainerExit succeeded(String message) {
        return new ContainerExit(0, message);
    }

    /** A non-zero exit with this message. */
    public static ContainerExit failed(int exitCode, String message) {
        if (exitCode == 0) {
            throw new IllegalArgumentException("a failed container has a non-zero exit code");
        }
        return new ContainerExit(exitCode, message);
    }

    /** The reason the kubelet puts next to the exit code. */
    public String reason() {
        return exitCode == 0 ? "Completed" : "Error";
    }
}
