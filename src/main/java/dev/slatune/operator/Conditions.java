package dev.slatune.operator;

import dev.slatune.api.SlaTuningStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.Optional;

/** Sets conditions shaped like {@code metav1.Condition}; the transition time moves only when the status does. */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String SLA_SATISFIED = "SlaSatisfied";

    private Conditions() {
    }

    /** Sets condition {@code type} to {@code status} ("True", "False" or "Unknown"). */
    public static void set(SlaTuningStatus s, String type, String status, String reason, String message,
            long generation, Instant now) {
        Optional<Condition> old = get(s, type);
        String since = old.filter(c -> status.equals(c.getStatus())).map(Condition::getLastTransitionTime)
                .orElse(now.toString());
        Condition c = new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message == null ? "" : message).withObservedGeneration(generation)
                .withLastTransitionTime(since).build();
        s.getConditions().removeIf(x -> type.equals(x.getType()));
        s.getConditions().add(c);
        s.getConditions().sort(java.util.Comparator.comparingInt(x -> order(x.getType())));
    }

    /** The condition of that type, if set. */
    public static Optional<Condition> get(SlaTuningStatus s, String type) {
        return s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static int order(String type) {
        return switch (type) {
            case READY -> 0;
            case PROGRESSING -> 1;
            case SLA_SATISFIED -> 2;
            default -> 3;
        };
    }
}
