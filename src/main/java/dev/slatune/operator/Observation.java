package dev.slatune.operator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the observe step saw: the resource's own load Jobs (owner UID checked) by name, with their
 * outcomes, the time, and, when another part of the operator arbitrates a shared target, whether
 * this resource may load it now. Everything the pure decision reads about the world.
 *
 * @param jobs the Jobs owned by this resource (this UID), by name
 * @param now the observation time
 * @param targetLock whether this resource may start load on its target; empty when nothing arbitrates
 */
public record Observation(Map<String, JobSight> jobs, Instant now, Optional<TargetLock> targetLock) {

    public Observation {
        jobs = Map.copyOf(jobs);
    }

    /**
     * The answer of a target arbiter (one tuning per target at a time).
     *
     * @param held whether this resource holds the target
     * @param holder who holds it when this one does not, for the condition message
     * @param gaveUp whether this resource has waited as long as it may (it ends in Error, {@code TargetBusy})
     * @param recheck when to look again while waiting
     */
    public record TargetLock(boolean held, String holder, boolean gaveUp, java.time.Duration recheck) {

        public TargetLock(boolean held, String holder) {
            this(held, holder, false, java.time.Duration.ofSeconds(10));
        }
    }
}
