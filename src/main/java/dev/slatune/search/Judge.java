package dev.slatune.search;

import dev.slatune.metrics.ProbeResult;
import dev.slatune.sla.Condition;
import dev.slatune.sla.RuleGroup;
import dev.slatune.sla.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Judges one aggregated point against one rule group: the implicit error check first, then each condition. */
final class Judge {

    /** The name of the implicit rule that requests must not fail. */
    static final String ERROR_RATE = "error_rate";

    private Judge() {
    }

    static GroupVerdict verdict(RuleGroup group, ProbeResult r, double maxErrorRate) {
        List<ConditionCheck> checks = new ArrayList<>();
        checks.add(errorCheck(r, maxErrorRate));
        ProbeMeasurements m = new ProbeMeasurements(r);
        for (Condition c : group.conditions()) {
            double measured = c.metric().read(m);
            checks.add(new ConditionCheck(c.metric().name(), c.op().symbol(), c.threshold(), measured,
                    c.margin(measured), c.passes(measured)));
        }
        boolean pass = checks.stream().allMatch(ConditionCheck::pass);
        return new GroupVerdict(group.criteria(), pass, checks, pass ? "ok" : reason(group, checks, r)
                + serverSide(r));
    }

    /** Failed requests over all requests, from the pooled raw counts; no requests at all is a failure. */
    static ConditionCheck errorCheck(ProbeResult r, double maxErrorRate) {
        long total = r.requests().total();
        double rate = total == 0 ? Double.NaN : (double) r.requests().failed() / total;
        boolean pass = total > 0 && rate <= maxErrorRate;
        return new ConditionCheck(ERROR_RATE, "<=", maxErrorRate, rate, maxErrorRate - rate, pass);
    }

    /** The rule text of a failed check, as it appears in the criteria. */
    static String ruleText(RuleGroup group, ConditionCheck c) {
        if (ERROR_RATE.equals(c.metric())) {
            return c.threshold() == 0 ? "no failed requests" : "error_rate <= " + Unit.FRACTION.format(c.threshold());
        }
        return group.conditions().stream().filter(k -> k.metric().name().equals(c.metric()))
                .map(Condition::toString).findFirst().orElse(c.metric());
    }

    /** Why the server was slow, in its own figures ("; server queue peaked at 7 waiting, KV cache 100%"), or "". */
    private static String serverSide(ProbeResult r) {
        String words = r.server() == null ? "" : r.server().explanation();
        return words.isEmpty() ? "" : "; " + words;
    }

    private static String reason(RuleGroup group, List<ConditionCheck> checks, ProbeResult r) {
        return checks.stream().filter(c -> !c.pass()).map(c -> {
            if (ERROR_RATE.equals(c.metric())) {
                return r.requests().total() == 0 ? "no requests were measured"
                        : r.requests().failed() + " of " + r.requests().total() + " requests failed";
            }
            Condition k = group.conditions().stream().filter(x -> x.metric().name().equals(c.metric()))
                    .findFirst().orElseThrow();
            return k.metric().name() + " = " + k.metric().unit().format(c.measured()) + ", expected "
                    + k.op().symbol() + " " + k.metric().unit().format(k.threshold());
        }).collect(Collectors.joining("; "));
    }
}
