package dev.slatune.it.kubelet;

/**
 * Runs one container to its end. The stand-in calls it on a thread of its own and interrupts
 * that thread when the pod is deleted (a Job deleted, its deadline passed): an implementation
 * stops its work then and may return anything or throw.
 */
@FunctionalInterface
public interface ContainerRunner {

    /** Runs the container and reports how it ended. */
    ContainerExit run(ContainerLaunch launch) throws Exception;
}
