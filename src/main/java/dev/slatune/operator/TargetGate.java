package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import dev.slatune.api.SlaTuningStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The reconcile's hook for "one tuning per target at a time": before a tuning takes a step it
 * holds its target's Lease ({@link TargetLeases}); while another SlaTuning holds it, the tuning
 * waits with {@code Progressing=True}, reason {@code WaitingForTarget} and a message naming the
 * holder, until its wait bound ({@code spec.target.maxWaitSeconds}, from the start of the
 * generation) runs out and it ends in Error ({@code TargetBusy}). The operator setting
 * {@code slatune.operator.target-leases=false} turns it off for targets meant to be shared.
 */
public class TargetGate {

    /** What the tuning may do now. */
    public sealed interface Turn {
        /** It holds the target: go on. */
        record Go() implements Turn {}

        /** Wait for the holder and look again after {@code after}. */
        record Wait(Duration after) implements Turn {}

        /** Waited too long: end in Error with this message. */
        record GiveUp(String message) implements Turn {}
    }

    public static final String WAITING_REASON = "WaitingForTarget";
    public static final String BUSY_REASON = "TargetBusy";
    /** How often a waiting tuning looks at the Lease again (no event tells it the holder is done). */
    static final Duration RECHECK = Duration.ofSeconds(10);

    private final TargetLeases leases;
    private final Clock clock;
    private final OperatorSettings settings;
    private final TuningEvents events;

    TargetGate(TargetLeases leases, Clock clock, OperatorSettings settings, TuningEvents events) {
        this.leases = leases;
        this.clock = clock;
        this.settings = settings;
        this.events = events;
    }

    /** The gate the settings ask for: Leases in the configured namespace (else the client's), or none. */
    public static TargetGate of(
            io.fabric8.kubernetes.client.KubernetesClient client,
            Clock clock,
            OperatorSettings settings,
            TuningEvents events) {
        if (!settings.access().targetLeases()) {
            return new TargetGate(null, clock, settings, events);
        }
        String ns = settings.access()
                .targetLeaseNamespace()
                .orElseGet(() -> client.getNamespace() != null ? client.getNamespace() : "default");
        // A holder renews on every reconcile (at least every poll period, or after a cooldown): a
        // Lease not renewed for several of those belongs to a lost holder.
        Duration validFor = Duration.ofSeconds(Math.max(300, 5L * settings.pollSeconds()));
        return new TargetGate(new TargetLeases(client, clock, ns, validFor), clock, settings, events);
    }

    /** Holds (or renews) the target of {@code r}; else says how to wait. Sets the waiting condition itself. */
    public Turn hold(SlaTuning r, SlaTuningStatus st, long generation) {
        Optional<TargetLeases.Claim> claim = claim(r);
        if (claim.isEmpty() || claim.get() instanceof TargetLeases.Claim.Held) {
            return new Turn.Go();
        }
        TargetLeases.Claim.Busy busy = (TargetLeases.Claim.Busy) claim.get();
        Instant now = clock.instant();
        Instant deadline = deadline(r, st, settings, now);
        if (!now.isBefore(deadline)) {
            return new Turn.GiveUp(giveUpMessage(busy, maxWait(r, settings)));
        }
        boolean already = Conditions.get(st, Conditions.PROGRESSING)
                .map(c -> WAITING_REASON.equals(c.getReason()))
                .orElse(false);
        String message = waitingMessage(busy, deadline);
        Conditions.set(
                st, ConditionType.Progressing, ConditionStatus.True, Reason.WaitingForTarget, message, generation, now);
        if (!already) {
            events.normal(r, WAITING_REASON, message);
        }
        return new Turn.Wait(recheck(now, deadline));
    }

    /** Claims (or renews) the target of {@code r}: empty when target leases are off or the URL is unusable. */
    public Optional<TargetLeases.Claim> claim(SlaTuning r) {
        if (leases == null
                || r.getSpec() == null
                || r.getSpec().getTarget() == null
                || r.getSpec().getTarget().getUrl() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(leases.claim(r, r.getSpec().getTarget().getUrl()));
        } catch (IllegalArgumentException | NullPointerException badUrl) {
            return Optional.empty(); // the validator reports the URL
        }
    }

    /** The wait bound of {@code r}: its spec.target.maxWaitSeconds, else the operator's default. */
    static int maxWait(SlaTuning r, OperatorSettings settings) {
        Integer own = r.getSpec().getTarget().getMaxWaitSeconds();
        return own != null ? own : settings.access().targetWaitSeconds();
    }

    /** When {@code r} stops waiting: its wait bound after the start of its generation. */
    public static Instant deadline(SlaTuning r, SlaTuningStatus st, OperatorSettings settings, Instant now) {
        Instant since = st.getStartTime() != null ? Instant.parse(st.getStartTime()) : now;
        return since.plusSeconds(maxWait(r, settings));
    }

    /** How soon to look again while waiting. */
    public static Duration recheck(Instant now, Instant deadline) {
        Duration left = Duration.between(now, deadline);
        return left.compareTo(RECHECK) < 0 ? left : RECHECK;
    }

    /** The Progressing message while waiting. */
    public static String waitingMessage(TargetLeases.Claim.Busy busy, Instant deadline) {
        return "waiting: SlaTuning " + busy.holder() + " is loading target " + busy.target()
                + " (one tuning per target at a time); giving up at " + deadline;
    }

    /** The Error message when the wait bound ran out. */
    public static String giveUpMessage(TargetLeases.Claim.Busy busy, int maxWait) {
        return "SlaTuning " + busy.holder() + " is loading target " + busy.target() + " and this tuning has waited "
                + "its " + maxWait + " s (spec.target.maxWaitSeconds); apply it again when that one is done, or "
                + "raise the bound";
    }

    /** Lets go of the target of {@code r}, if it holds it. */
    public void release(SlaTuning r) {
        if (leases != null
                && r.getSpec() != null
                && r.getSpec().getTarget() != null
                && r.getSpec().getTarget().getUrl() != null) {
            try {
                leases.release(r, r.getSpec().getTarget().getUrl());
            } catch (RuntimeException e) {
                // The Lease expires on its own; a failed release must not fail the reconcile.
                org.jboss.logging.Logger.getLogger(TargetGate.class)
                        .warnf(
                                "releasing the target of %s/%s: %s",
                                r.getMetadata().getNamespace(), r.getMetadata().getName(), e.getMessage());
            }
        }
    }
}
