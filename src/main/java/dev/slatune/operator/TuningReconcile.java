package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reconcile of a SlaTuning: {@link Observer observe} its Jobs and pods, {@link Decider decide}
 * (pure) the new status and the actions, {@link Actor act}: write the status, then create or delete
 * Jobs and emit events. It keeps nothing in memory between calls, so any instance, e.g. a restarted
 * operator, takes the same step from the same status and the same Jobs.
 */
public final class TuningReconcile {

    private final Observer observer;
    private final Decider decider;
    private final Actor actor;
    private final Clock clock;
    private final TargetGate targets;

    public TuningReconcile(Observer observer, Decider decider, Actor actor, Clock clock, TargetGate targets) {
        this.observer = observer;
        this.decider = decider;
        this.actor = actor;
        this.clock = clock;
        this.targets = targets;
    }

    /**
     * What a reconcile did.
     *
     * @param stored the resource as stored after the status write
     * @param statusChanged whether the status was written
     * @param requeueAfter when to look again even without an event, if at all
     */
    public record Outcome(SlaTuning stored, boolean statusChanged, Optional<Duration> requeueAfter) {}

    /** Takes one step for {@code r}, whose Jobs (from the informer) are {@code owned}. */
    public Outcome reconcile(SlaTuning r, Collection<Job> owned, Actor.StatusWriter writer) {
        Observation seen = observer.observe(r, owned, clock.instant());
        seen = new Observation(seen.jobs(), seen.now(), lock(r));
        Decider.Decision d = decider.decide(r, r.getStatus(), seen);
        boolean changed = r.getStatus() == null
                || !Objects.equals(Serialization.asJson(r.getStatus()), Serialization.asJson(d.status()));
        SlaTuning stored = actor.act(r, d, changed, writer);
        if (d.status().getPhase() != null
                && (d.status().getPhase().terminal() || d.status().getPhase() == dev.slatune.api.Phase.Suspended)) {
            targets.release(r);
        }
        return new Outcome(stored, changed, d.requeueAfter());
    }

    /** The target arbiter's answer, asked only while the tuning may load (observe, not decide: it reads Leases). */
    private Optional<Observation.TargetLock> lock(SlaTuning r) {
        boolean over = r.getStatus() != null
                && r.getStatus().getPhase() != null
                && r.getStatus().getPhase().terminal();
        if (over
                || Boolean.TRUE.equals(r.getSpec().getSuspend())
                || r.getSpec().getTarget() == null
                || r.getSpec().getTarget().getUrl() == null) {
            // Over, suspended, or a spec the decision refuses anyway: nothing to hold.
            return Optional.empty();
        }
        // The gate writes its waiting condition into the status it is given: a copy, the decision writes its own.
        dev.slatune.api.SlaTuningStatus scratch =
                r.getStatus() == null ? new dev.slatune.api.SlaTuningStatus() : Decider.copy(r.getStatus());
        Long g = r.getMetadata().getGeneration();
        TargetGate.Turn turn = targets.hold(r, scratch, g == null ? 1 : g);
        if (turn instanceof TargetGate.Turn.GiveUp give) {
            return Optional.of(new Observation.TargetLock(false, give.message(), true, Duration.ZERO));
        }
        if (turn instanceof TargetGate.Turn.Wait wait) {
            String message = Conditions.get(scratch, Conditions.PROGRESSING)
                    .map(c -> c.getMessage())
                    .orElse("another SlaTuning");
            return Optional.of(new Observation.TargetLock(false, message, false, wait.after()));
        }
        return Optional.of(new Observation.TargetLock(true, null));
    }

    /** Deletes the Jobs of a resource being deleted, and lets go of its target. */
    public void cleanup(SlaTuning r, Collection<Job> owned) {
        actor.cleanup(r, List.copyOf(owned));
        targets.release(r);
    }
}
