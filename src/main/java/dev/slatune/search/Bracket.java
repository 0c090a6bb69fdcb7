package dev.slatune.search;

import dev.slatune.sla.RuleGroup;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a group's boundary lies among the measured points: the lowest failing value, the highest passing
 * value below it, and the rule(s) that failed there. Used for the result row and for partial answers.
 */
record Bracket(Double lastPass, Double firstFail, String bindingRule) {

    /** The bracket from every measured point's current verdict. */
    static Bracket of(Book book, RuleGroup group) {
        Double firstFail = null;
        for (double v : book.values()) {
            if (!book.verdict(group, v).pass() && (firstFail == null || v < firstFail)) {
                firstFail = v;
            }
        }
        Double lastPass = null;
        for (double v : book.values()) {
            if ((firstFail == null || v < firstFail)
                    && book.verdict(group, v).pass()
                    && (lastPass == null || v > lastPass)) {
                lastPass = v;
            }
        }
        return new Bracket(lastPass, firstFail, firstFail == null ? null : binding(book, group, firstFail));
    }

    /** The failed rules at {@code v}, joined with ", ". */
    static String binding(Book book, RuleGroup group, double v) {
        GroupVerdict gv = book.verdict(group, v);
        List<String> failed = gv.checks().stream()
                .filter(c -> !c.pass())
                .map(c -> Judge.ruleText(group, c))
                .collect(Collectors.toList());
        return failed.isEmpty() ? null : String.join(", ", failed);
    }
}
