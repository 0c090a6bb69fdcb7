package dev.slatune.search;

/**
 * A {@link TuningPlan} that cannot run, naming the setting at fault, so that each driver names its
 * own field or flag ({@code spec.upperBound}, {@code --sla-upper-bound}) without reading the message.
 */
public final class PlanException extends IllegalArgumentException {

    /** The settings of a plan. */
    public enum Setting {
        RULES,
        START,
        LOWER_BOUND,
        UPPER_BOUND,
        RUNS_PER_POINT,
        STRATEGY,
        TOLERANCE,
        MAX_PROBES,
        MAX_ERROR_RATE
    }

    private final Setting setting;

    public PlanException(Setting setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The setting at fault. */
    public Setting setting() {
        return setting;
    }
}
