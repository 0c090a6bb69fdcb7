package dev.slatune.operator;

import dev.slatune.api.SlaTuningStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/** Sets conditions shaped like {@code metav1.Condition}; the transition time moves only when the status does. */
public final class Conditions {

    public static final String READY = ConditionType.Ready.name();
    public static final String PROGRESSING = ConditionType.Progressing.name();
    public static final String SLA_SATISFIED = ConditionType.SlaSatisfied.name();

    private Conditions() {}

    /** Sets condition {@code type} to {@code status} with a typed reason. */
    public static void set(
            SlaTuningStatus s,
            ConditionType type,
            ConditionStatus status,
            Reason reason,
            String message,
            long generation,
            Instant now) {
        set(s, type, status, reason.name(), message, generation, now);
    }

    /**
     * Sets condition {@code type} with a reason given as text: only for the reasons a spec problem
     * names after its field ({@link SpecProblem#reason()}, e.g. {@code InvalidTargetUrl}).
     */
    public static void set(
            SlaTuningStatus s,
            ConditionType type,
            ConditionStatus status,
            String reason,
            String message,
            long generation,
            Instant now) {
        String t = type.name();
        Optional<Condition> old = get(s, t);
        String since = old.filter(c -> status.name().equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(now.toString());
        Condition c = new ConditionBuilder()
                .withType(t)
                .withStatus(status.name())
                .withReason(reason)
                .withMessage(message == null ? "" : message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(since)
                .build();
        s.getConditions().removeIf(x -> t.equals(x.getType()));
        s.getConditions().add(c);
        s.getConditions().sort(Comparator.comparingInt(x -> order(x.getType())));
    }

    /** The condition of that type, if set. */
    public static Optional<Condition> get(SlaTuningStatus s, String type) {
        return s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static int order(String type) {
        for (ConditionType t : ConditionType.values()) {
            if (t.name().equals(type)) {
                return t.ordinal();
            }
        }
        return ConditionType.values().length;
    }
}
