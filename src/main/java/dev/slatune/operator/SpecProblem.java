package dev.slatune.operator;

/**
 * Why a spec cannot run: the field at fault (a path such as {@code spec.upperBound}), what is
 * wrong with it, and optionally a reason of its own (else one is derived from the field).
 */
public record SpecProblem(String field, String message, String explicitReason) {

    public SpecProblem(String field, String message) {
        this(field, message, null);
    }

    /**
     * A condition reason naming the field: {@code spec.target.url} gives {@code InvalidTargetUrl},
     * {@code spec.rules[1]} gives {@code InvalidRules}.
     */
    public String reason() {
        if (explicitReason != null) {
            return explicitReason;
        }
        StringBuilder b = new StringBuilder("Invalid");
        String path = field.startsWith("spec.") ? field.substring(5) : field;
        for (String part : path.replaceAll("\\[[^]]*]", "").split("\\.")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    /** The condition message: the field, then the problem. */
    public String describe() {
        return field + ": " + message;
    }
}
