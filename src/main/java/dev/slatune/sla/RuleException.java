package dev.slatune.sla;

/** A rule that cannot be used; the message shows the offending text and the valid choices. */
public class RuleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public RuleException(String message) {
        super(message);
    }
}
