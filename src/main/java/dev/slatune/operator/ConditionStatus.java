package dev.slatune.operator;

/** The status of a condition, as {@code metav1.Condition} spells it. */
public enum ConditionStatus {
    True,
    False,
    Unknown
}
