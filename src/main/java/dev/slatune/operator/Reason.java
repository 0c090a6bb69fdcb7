package dev.slatune.operator;

/**
 * The CamelCase reasons of conditions, events and failed runs. The constant is the reason as
 * Kubernetes shows it; {@link #retryable} says whether running the attempt again can help, so the
 * decision to retry is made from the type, not from message text.
 */
public enum Reason {
    // Progress
    Pending(false),
    Started(false),
    ProbeRunning(false),
    ProbeStarted(false),
    ProbeFinished(false),
    ProbeRetried(false),
    CoolingDown(false),
    Completed(false),
    WaitingForTarget(false),
    Suspended(false),
    Resumed(false),
    // Answers
    Succeeded(false),
    Satisfied(false),
    NotSatisfied(false),
    BelowExpectation(false),
    TuningSucceeded(false),
    TuningFailed(false),
    // A load attempt that failed; retryable ones are tried again up to spec.probe.retries
    LoadPodFailed(true),
    NoResult(true),
    JobFailed(true),
    DeadlineExceeded(true),
    /** The pod was stopped before it finished (drain, eviction, preemption): measured again, never recorded. */
    Interrupted(true),
    /** A multi-pod run whose shares did not overlap in time: measured again, never recorded. */
    SharesNotOverlapping(true),
    // A load attempt that a retry cannot fix
    TargetUnreachable(false),
    BadConfiguration(false),
    ImagePullFailed(false),
    SecretMissing(false),
    ContainerConfigInvalid(false),
    Unschedulable(false),
    OOMKilled(false),
    // The run as a whole
    ProbeFailed(false),
    RunAborted(false),
    JobNameTaken(false),
    SearchFailed(false),
    StatusTooLarge(false),
    StatusCompacted(false),
    SpecChanged(false),
    TargetBusy(false),
    ClientLimited(false),
    /** A run whose load generator was the bottleneck: kept as evidence, the value measured again on more pods. */
    ClientLimitedRetry(false),
    /** Every request of a run failed alike, for a reason more load cannot change (context, model, auth). */
    RequestsRejected(false),
    /** An API call of the operator failed (a 422, a quota 403, an admission rejection): retried with backoff. */
    ReconcileFailed(false);

    private final boolean retryable;

    Reason(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether a new attempt can fix what this reason names. */
    public boolean retryable() {
        return retryable;
    }

    /** The reason of a Job controller condition: its own when known, else {@link #JobFailed}. */
    public static Reason ofJobCondition(String reason) {
        return "DeadlineExceeded".equals(reason) ? DeadlineExceeded : JobFailed;
    }
}
