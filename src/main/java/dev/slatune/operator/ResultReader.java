package dev.slatune.operator;

import dev.slatune.metrics.ExitCode;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the outcome of a load Job: its conditions say whether it finished; its pod's terminated
 * {@code load} container carries the exit code and, on success, the {@link ProbeResult} JSON in its
 * termination message. Exit codes (the Job contract): 0 measured, 2 bad configuration, 3 target
 * unreachable, anything else a crash.
 */
public final class ResultReader {

    private final KubernetesClient client;

    public ResultReader(KubernetesClient client) {
        this.client = client;
    }

    /** The outcome of {@code job}; lists its pods only once it has finished. */
    public JobOutcome read(Job job) {
        Optional<JobCondition> done = finished(job);
        if (done.isEmpty()) {
            return new JobOutcome.Running();
        }
        boolean succeeded = "Complete".equals(done.get().getType());
        Optional<ContainerStateTerminated> term = terminated(pods(job));
        if (succeeded) {
            if (term.isEmpty() || term.get().getMessage() == null || term.get().getMessage().isBlank()) {
                return new JobOutcome.Failed(true, "NoResult", "Job " + name(job)
                        + " completed but its pod left no termination message");
            }
            try {
                return new JobOutcome.Measured(ProbeResultCodec.fromJson(term.get().getMessage()));
            } catch (IllegalArgumentException e) {
                return new JobOutcome.Failed(true, "NoResult", "Job " + name(job) + ": " + e.getMessage());
            }
        }
        if (term.isPresent()) {
            ContainerStateTerminated t = term.get();
            int code = t.getExitCode() == null ? -1 : t.getExitCode();
            Optional<ExitCode> exit = ExitCode.of(code);
            String detail = why(t.getMessage());
            if (exit.equals(Optional.of(ExitCode.UNREACHABLE))) {
                return new JobOutcome.Failed(false, "TargetUnreachable", "the load pod of Job " + name(job)
                        + " could not reach the target" + (detail.isEmpty() ? "" : ": " + detail));
            }
            if (exit.equals(Optional.of(ExitCode.BAD_CONFIGURATION))) {
                return new JobOutcome.Failed(false, "BadConfiguration", "the load pod of Job " + name(job)
                        + " rejected its configuration" + (detail.isEmpty() ? "" : ": " + detail));
            }
            String why = t.getReason() != null ? t.getReason() : "Error";
            return new JobOutcome.Failed(true, "LoadPodFailed", "the load pod of Job " + name(job) + " exited with "
                    + code + " (" + why + ")" + (detail.isEmpty() ? "" : ": " + detail));
        }
        JobCondition c = done.get();
        return new JobOutcome.Failed(true, c.getReason() != null ? c.getReason() : "JobFailed", "Job " + name(job)
                + " failed" + (c.getMessage() != null ? ": " + c.getMessage() : ""));
    }

    /** The Complete or Failed condition when it is true; also read from the counts, for API servers that lag. */
    static Optional<JobCondition> finished(Job job) {
        if (job.getStatus() == null) {
            return Optional.empty();
        }
        Optional<JobCondition> c = Optional.ofNullable(job.getStatus().getConditions()).orElse(List.of()).stream()
                .filter(x -> "True".equals(x.getStatus()))
                .filter(x -> "Complete".equals(x.getType()) || "Failed".equals(x.getType()))
                .findFirst();
        if (c.isPresent()) {
            return c;
        }
        if (job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0) {
            return Optional.of(new JobConditionBuilder().withType("Complete").withStatus("True").build());
        }
        if (job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0) {
            return Optional.of(new JobConditionBuilder().withType("Failed").withStatus("True")
                    .withReason("BackoffLimitExceeded").build());
        }
        return Optional.empty();
    }

    private List<Pod> pods(Job job) {
        return client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel(JobNames.JOB_NAME, job.getMetadata().getName()).list().getItems();
    }

    /** The terminated state of the load container, preferring a pod that succeeded, then the newest. */
    static Optional<ContainerStateTerminated> terminated(List<Pod> pods) {
        return pods.stream()
                .sorted(Comparator.comparing((Pod p) -> !"Succeeded".equals(phase(p)))
                        .thenComparing(p -> p.getMetadata().getCreationTimestamp(),
                                Comparator.nullsLast(Comparator.reverseOrder())))
                .map(ResultReader::loadContainer)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<ContainerStateTerminated> loadContainer(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return p.getStatus().getContainerStatuses().stream()
                .filter(cs -> LoadJobBuilder.CONTAINER.equals(cs.getName()))
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .map(s -> s.getTerminated())
                .findFirst();
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private static String name(Job job) {
        return job.getMetadata().getName();
    }

    /**
     * The line that says why a load pod failed: with {@code FallbackToLogsOnError} the message is the
     * tail of its log, so the last line load itself printed, else the last line.
     */
    static String why(String s) {
        if (s == null) {
            return "";
        }
        List<String> lines = s.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String line = lines.stream().filter(l -> l.startsWith("slatune load:")).reduce((a, b) -> b)
                .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
