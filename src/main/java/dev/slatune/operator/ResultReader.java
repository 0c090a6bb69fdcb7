package dev.slatune.operator;

import dev.slatune.metrics.LoadFailure;
import dev.slatune.metrics.ProbeResultCodec;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the outcome of a load Job from the Job and its pods (a pure function of them): its
 * conditions say whether it finished; its pod's terminated {@code load} container carries the exit
 * code and the termination message: on success the {@code ProbeResult} JSON, on failure a
 * {@link LoadFailure} JSON (or, when load died before writing it, the log's tail). While it runs,
 * the pod's status says what keeps it from running: image pulls, a missing Secret, scheduling.
 */
public final class ResultReader {

    private ResultReader() {}

    /** The outcome of {@code job}, whose pods are {@code pods}, observed at {@code now}. */
    public static JobOutcome read(Job job, List<Pod> pods, Instant now) {
        Optional<JobCondition> done = finished(job);
        if (done.isEmpty()) {
            return new JobOutcome.Running(trouble(pods, now));
        }
        boolean succeeded = "Complete".equals(done.get().getType());
        Optional<Pod> pod = newest(pods, succeeded);
        Optional<ContainerStateTerminated> term = pod.flatMap(ResultReader::loadContainer);
        if (succeeded) {
            if (term.isEmpty()
                    || term.get().getMessage() == null
                    || term.get().getMessage().isBlank()) {
                return new JobOutcome.Failed(
                        Reason.NoResult, "Job " + name(job) + " completed but its pod left no termination message");
            }
            try {
                return new JobOutcome.Measured(
                        ProbeResultCodec.fromJson(term.get().getMessage()));
            } catch (IllegalArgumentException e) {
                return new JobOutcome.Failed(Reason.NoResult, "Job " + name(job) + ": " + e.getMessage());
            }
        }
        if (pod.isPresent() && disrupted(pod.get())) {
            return new JobOutcome.Failed(
                    Reason.Interrupted,
                    "the load pod of Job " + name(job) + " was stopped by the cluster (" + disruption(pod.get()) + ")");
        }
        if (term.isPresent()) {
            return failed(job, term.get());
        }
        JobCondition c = done.get();
        return new JobOutcome.Failed(
                Reason.ofJobCondition(c.getReason()),
                "Job " + name(job) + " failed" + (c.getMessage() != null ? ": " + c.getMessage() : ""));
    }

    private static JobOutcome failed(Job job, ContainerStateTerminated t) {
        int code = t.getExitCode() == null ? -1 : t.getExitCode();
        if ("OOMKilled".equals(t.getReason())) {
            return new JobOutcome.Failed(
                    Reason.OOMKilled,
                    "the load pod of Job " + name(job)
                            + " ran out of memory (OOMKilled); raise spec.worker.resources.limits.memory");
        }
        LoadFailure f = LoadFailure.parse(t.getMessage());
        LoadFailure.Kind kind = f != null ? f.kind() : LoadFailure.Kind.ofExitCode(code);
        String detail = f != null ? f.message() : why(t.getMessage());
        String tail = detail.isEmpty() ? "" : ": " + detail;
        if (kind == LoadFailure.Kind.UNREACHABLE) {
            return new JobOutcome.Failed(
                    Reason.TargetUnreachable,
                    "the load pod of Job " + name(job) + " could not reach the target" + tail);
        }
        if (kind == LoadFailure.Kind.BAD_CONFIGURATION) {
            return new JobOutcome.Failed(
                    Reason.BadConfiguration, "the load pod of Job " + name(job) + " rejected its configuration" + tail);
        }
        if (kind == LoadFailure.Kind.INTERRUPTED) {
            return new JobOutcome.Failed(
                    Reason.Interrupted,
                    "the load pod of Job " + name(job) + " was interrupted before its measurement was complete" + tail);
        }
        String why = t.getReason() != null ? t.getReason() : "Error";
        return new JobOutcome.Failed(
                Reason.LoadPodFailed,
                "the load pod of Job " + name(job) + " exited with " + code + " (" + why + ")" + tail);
    }

    /** What keeps the newest pod of a running Job from running, if anything. */
    static JobOutcome.PodTrouble trouble(List<Pod> pods, Instant now) {
        Optional<Pod> newest = newest(pods, false);
        if (newest.isEmpty() || newest.get().getStatus() == null) {
            return null;
        }
        Pod p = newest.get();
        for (ContainerStatus cs :
                Optional.ofNullable(p.getStatus().getContainerStatuses()).orElse(List.of())) {
            ContainerStateWaiting w =
                    cs.getState() == null ? null : cs.getState().getWaiting();
            String msg = w == null || w.getMessage() == null ? "" : w.getMessage();
            if (w != null
                    && ("ErrImagePull".equals(w.getReason())
                            || "ImagePullBackOff".equals(w.getReason())
                            || "InvalidImageName".equals(w.getReason()))) {
                return new JobOutcome.PodTrouble(
                        Reason.ImagePullFailed,
                        "image " + cs.getImage() + " cannot be pulled (" + w.getReason() + ")"
                                + (msg.isEmpty() ? "" : ": " + msg),
                        now);
            }
            if (w != null && "CreateContainerConfigError".equals(w.getReason())) {
                Reason r = msg.toLowerCase(java.util.Locale.ROOT).contains("secret")
                        ? Reason.SecretMissing
                        : Reason.ContainerConfigInvalid;
                return new JobOutcome.PodTrouble(r, "the load container cannot be created: " + msg, now);
            }
            ContainerStateTerminated t =
                    cs.getState() == null ? null : cs.getState().getTerminated();
            if (t != null && "OOMKilled".equals(t.getReason())) {
                return new JobOutcome.PodTrouble(
                        Reason.OOMKilled,
                        "the load pod ran out of memory (OOMKilled); " + "raise spec.worker.resources.limits.memory",
                        now);
            }
        }
        for (PodCondition c : Optional.ofNullable(p.getStatus().getConditions()).orElse(List.of())) {
            if ("PodScheduled".equals(c.getType())
                    && "False".equals(c.getStatus())
                    && "Unschedulable".equals(c.getReason())) {
                Instant since = c.getLastTransitionTime() == null ? now : Instant.parse(c.getLastTransitionTime());
                return new JobOutcome.PodTrouble(
                        Reason.Unschedulable,
                        "the load pod cannot be scheduled: "
                                + (c.getMessage() == null ? "no reason given" : c.getMessage()),
                        since);
            }
        }
        return null;
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
            return Optional.of(new JobConditionBuilder()
                    .withType("Complete")
                    .withStatus("True")
                    .build());
        }
        if (job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0) {
            return Optional.of(new JobConditionBuilder()
                    .withType("Failed")
                    .withStatus("True")
                    .withReason("BackoffLimitExceeded")
                    .build());
        }
        return Optional.empty();
    }

    /** The pod to read: one that succeeded first when {@code preferSucceeded}, then the newest. */
    private static Optional<Pod> newest(List<Pod> pods, boolean preferSucceeded) {
        return pods.stream()
                .sorted(Comparator.comparing((Pod p) -> preferSucceeded && !"Succeeded".equals(phase(p)))
                        .thenComparing(
                                p -> p.getMetadata().getCreationTimestamp(),
                                Comparator.nullsLast(Comparator.reverseOrder())))
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

    /** Whether the cluster stopped the pod (eviction, preemption, drain): its DisruptionTarget condition. */
    private static boolean disrupted(Pod p) {
        return p.getStatus() != null
                && ("Evicted".equals(p.getStatus().getReason())
                        || Optional.ofNullable(p.getStatus().getConditions()).orElse(List.of()).stream()
                                .anyMatch(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())));
    }

    private static String disruption(Pod p) {
        return Optional.ofNullable(p.getStatus().getConditions()).orElse(List.of()).stream()
                .filter(c -> "DisruptionTarget".equals(c.getType()))
                .map(c -> c.getReason() + (c.getMessage() != null ? ": " + c.getMessage() : ""))
                .findFirst()
                .orElse(String.valueOf(p.getStatus().getReason()));
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private static String name(Job job) {
        return job.getMetadata().getName();
    }

    /**
     * The line that says why a load pod failed when it left no structured failure: with
     * {@code FallbackToLogsOnError} the message is the tail of its log, so the last line load itself
     * printed, else the last line.
     */
    static String why(String s) {
        if (s == null) {
            return "";
        }
        List<String> lines =
                s.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String line = lines.stream()
                .filter(l -> l.startsWith("slatune load:"))
                .reduce((a, b) -> b)
                .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
