package dev.slatune.operator;

import dev.slatune.metrics.ProbeResult;
import java.time.Instant;

/** What became of one load Job, as read from the Job and its pod. */
public sealed interface JobOutcome {

    /**
     * Not finished yet.
     *
     * @param trouble what keeps its pod from running, if anything (null when nothing does)
     */
    record Running(PodTrouble trouble) implements JobOutcome {
        public static final Running FINE = new Running(null);
    }

    /** Finished and its pod left a readable result. */
    record Measured(ProbeResult result) implements JobOutcome {}

    /**
     * Failed, or finished without a readable result.
     *
     * @param reason why; {@link Reason#retryable()} says whether a new attempt can help
     * @param message what happened, in words
     */
    record Failed(Reason reason, String message) implements JobOutcome {
        public boolean retryable() {
            return reason.retryable();
        }
    }

    /**
     * Why a pod of a running Job does not run, as its status says; the decision applies the grace.
     *
     * @param reason {@link Reason#ImagePullFailed}, {@link Reason#SecretMissing},
     *     {@link Reason#ContainerConfigInvalid}, {@link Reason#Unschedulable} or {@link Reason#OOMKilled}
     * @param message the cause in words: the image, the Secret and key, the scheduler's message
     * @param since since when (the pod condition's transition time; the observation time when unknown)
     */
    record PodTrouble(Reason reason, String message, Instant since) {}
}
