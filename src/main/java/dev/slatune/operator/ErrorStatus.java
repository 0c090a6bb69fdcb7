package dev.slatune.operator;

import dev.slatune.api.Phase;
import dev.slatune.api.SlaTuningStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;

/**
 * What an error while acting does to the status (the model is Keycloak's operator): it lands as
 * {@code Ready=False} with a reason and a message saying what failed and what to do, and never
 * leaves the status empty, so {@code kubectl wait} and Argo CD see it. The phase is kept (the
 * history still holds), or {@code Pending} when there was none.
 */
public final class ErrorStatus {

    /** The longest wait between retries of a resource whose reconcile keeps failing. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private ErrorStatus() {}

    /** {@code current} (or a new status) with the error recorded. */
    public static SlaTuningStatus of(SlaTuningStatus current, Exception e, long generation, Instant now) {
        SlaTuningStatus st = current == null ? new SlaTuningStatus() : Decider.copy(current);
        if (st.getPhase() == null) {
            st.setPhase(Phase.Pending);
        }
        Reason reason = e instanceof Actor.JobNameTaken ? Reason.JobNameTaken : Reason.ReconcileFailed;
        String message = message(e);
        Conditions.set(st, ConditionType.Ready, ConditionStatus.False, reason, message, generation, now);
        if (!st.getPhase().terminal()) {
            Conditions.set(
                    st,
                    ConditionType.Progressing,
                    ConditionStatus.True,
                    reason,
                    message + "; retrying with backoff",
                    generation,
                    now);
        }
        return st;
    }

    /** Whether the error is a lost race on the status (a stale read): retried without a status change. */
    public static boolean conflict(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof KubernetesClientException k && k.getCode() == 409) {
                return !(e instanceof Actor.JobNameTaken);
            }
            t = t.getCause();
        }
        return false;
    }

    /** The wait before retry {@code attempt} (from 0): doubling from 5 s up to {@link #MAX_BACKOFF}. */
    public static Duration backoff(int attempt) {
        long s = 5L << Math.min(Math.max(attempt, 0), 10);
        return Duration.ofSeconds(Math.min(s, MAX_BACKOFF.toSeconds()));
    }

    /** The operation that failed and the API server's answer, in words. */
    static String message(Exception e) {
        Throwable t = e;
        while (t != null && !(t instanceof KubernetesClientException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof KubernetesClientException k && k.getStatus() != null) {
            String m = k.getStatus().getMessage() != null ? k.getStatus().getMessage() : k.getMessage();
            return cut("the API server refused a request (HTTP " + k.getCode() + ", "
                    + k.getStatus().getReason() + "): " + m);
        }
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return cut(m);
    }

    private static String cut(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000) + "...";
    }
}
