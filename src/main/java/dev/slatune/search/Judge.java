package dev.slatune.search;

import dev.slatune.metrics.ProbeResult;
import dev.slatune.sla.Condition;
import dev.slatune.sla.Metric;
import dev.slatune.sla.RuleGroup;
import dev.slatune.sla.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Judges one aggregated point against one rule group: the implicit error check first, then each condition,
 * each with its confidence interval ({@link Evidence}) and a pass/fail/uncertain verdict.
 */
final class Judge {

    private Judge() {}

    /** The verdict on one result as if it were a single run, at the default statistics. */
    static GroupVerdict verdict(RuleGroup group, ProbeResult r, double maxErrorRate) {
        return verdict(group, r, List.of(r), maxErrorRate, Statistics.DEFAULT);
    }

    /**
     * The verdict on {@code pooled}, the aggregate of {@code runs}.
     *
     * @param runs the runs behind it, for the spread of averages and throughputs across runs
     */
    static GroupVerdict verdict(
            RuleGroup group, ProbeResult pooled, List<ProbeResult> runs, double maxErrorRate, Statistics st) {
        List<ConditionCheck> checks = new ArrayList<>();
        checks.add(errorCheck(pooled, maxErrorRate, st));
        ProbeMeasurements m = new ProbeMeasurements(pooled);
        for (Condition c : group.conditions()) {
            checks.add(Evidence.check(c, c.read(m), pooled, runs, st));
        }
        boolean pass = checks.stream().allMatch(ConditionCheck::pass);
        boolean limited = pooled.client() != null && pooled.client().saturated();
        Verdict v;
        if (checks.stream().anyMatch(c -> c.verdict() == Verdict.FAIL)) {
            v = pass ? Verdict.UNCERTAIN : Verdict.FAIL;
        } else if (checks.stream().allMatch(c -> c.verdict() == Verdict.PASS) && !limited) {
            v = pass ? Verdict.PASS : Verdict.UNCERTAIN;
        } else {
            v = Verdict.UNCERTAIN;
        }
        String reason = pass ? "ok" : failures(group, checks, pooled) + serverSide(pooled);
        if (v == Verdict.UNCERTAIN) {
            reason += "; uncertain: " + doubts(group, checks, pooled, limited, st);
        }
        return new GroupVerdict(
                group.criteria(), pass, checks, reason, v, pooled.requests().total(), st.confidence(), limited);
    }

    /**
     * Failed requests over all requests, from the pooled raw counts; no requests at all is a failure. With no
     * failure allowed the rule is about the requests measured, so it is certain; with some allowed, the
     * Wilson interval of the failure share is judged against the allowance.
     */
    static ConditionCheck errorCheck(ProbeResult r, double maxErrorRate, Statistics st) {
        long total = r.requests().total();
        long failed = r.requests().failed();
        double rate = total == 0 ? Double.NaN : (double) failed / total;
        boolean pass = total > 0 && rate <= maxErrorRate;
        if (total == 0 || maxErrorRate == 0 && (!pass || total >= st.minSamples())) {
            return ConditionCheck.exact(Metric.ERROR_RATE, "<=", maxErrorRate, rate, maxErrorRate - rate, pass, total);
        }
        if (maxErrorRate == 0) {
            // No failure among a few requests says little: a pass rests on min samples, like any other.
            // 0.0 - rate, not -rate: no failure must read as margin 0, not -0.
            return new ConditionCheck(
                    Metric.ERROR_RATE,
                    "<=",
                    0.0,
                    rate,
                    0.0 - rate,
                    true,
                    0,
                    0,
                    total,
                    Verdict.UNCERTAIN,
                    st.minSamples());
        }
        double[] iv = Intervals.wilson(failed, total, st.confidence());
        Verdict v = Verdict.of(iv[0], iv[1], maxErrorRate, true, false);
        if (v == Verdict.PASS && !pass || v == Verdict.FAIL && pass) {
            v = Verdict.UNCERTAIN;
        }
        long needed = total;
        if (v == Verdict.UNCERTAIN) {
            double z = Intervals.z(st.confidence());
            double d = Math.abs(rate - maxErrorRate);
            needed = d == 0
                    ? Long.MAX_VALUE
                    : Math.max(total + 1, (long) Math.ceil(z * z * maxErrorRate * (1 - maxErrorRate) / (d * d)));
        }
        return new ConditionCheck(
                Metric.ERROR_RATE, "<=", maxErrorRate, rate, maxErrorRate - rate, pass, iv[0], iv[1], total, v, needed);
    }

    /** The rule text of a failed check, as it appears in the criteria. */
    static String ruleText(RuleGroup group, ConditionCheck c) {
        if (c.metric() == Metric.ERROR_RATE) {
            return c.threshold() == 0
                    ? "no failed requests"
                    : Metric.ERROR_RATE.name() + " <= " + Unit.FRACTION.format(c.threshold());
        }
        return group.conditions().stream()
                .filter(k -> k.metric() == c.metric())
                .map(Condition::toString)
                .findFirst()
                .orElse(c.metric().name());
    }

    /** The kinds of failed requests, most frequent first: {@code http_429 x12, timeout x1}. */
    static String errorKinds(ProbeResult r) {
        return r.requests().errors().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * What failed over every point measured, for notes: {@code 42 of 210 requests failed (20%: http_429 x42)};
     * null when nothing failed.
     */
    static String failedOverall(List<ProbeResult> results) {
        long total = 0;
        long failed = 0;
        java.util.TreeMap<String, Long> kinds = new java.util.TreeMap<>();
        for (ProbeResult r : results) {
            total += r.requests().total();
            failed += r.requests().failed();
            r.requests().errors().forEach((k, n) -> kinds.merge(k, n, Long::sum));
        }
        if (failed == 0) {
            return null;
        }
        String byKind = kinds.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
        return failed + " of " + total + " requests failed (" + Unit.FRACTION.format((double) failed / total) + ": "
                + byKind + ")";
    }

    /** Why the server was slow, in its own figures ("; server queue peaked at 7 waiting, KV cache 100%"), or "". */
    private static String serverSide(ProbeResult r) {
        String words = r.server() == null ? "" : r.server().explanation();
        return words.isEmpty() ? "" : "; " + words;
    }

    private static String failures(RuleGroup group, List<ConditionCheck> checks, ProbeResult r) {
        return checks.stream()
                .filter(c -> !c.pass())
                .map(c -> {
                    if (c.metric() == Metric.ERROR_RATE) {
                        if (r.requests().total() == 0) {
                            return "no requests were measured";
                        }
                        String kinds = errorKinds(r);
                        return r.requests().failed() + " of " + r.requests().total() + " requests failed"
                                + (kinds.isEmpty() ? "" : " (" + kinds + ")");
                    }
                    Condition k = condition(group, c);
                    return k.metric().name() + " = " + k.metric().unit().format(c.measured()) + ", expected "
                            + k.op().symbol() + " " + k.metric().unit().format(k.threshold());
                })
                .collect(Collectors.joining("; "));
    }

    private static String doubts(
            RuleGroup group, List<ConditionCheck> checks, ProbeResult r, boolean limited, Statistics st) {
        List<String> out = new ArrayList<>();
        if (limited) {
            String why = r.client().reason();
            out.add("the client was the bottleneck" + (why == null ? "" : " (" + why + ")"));
        }
        for (ConditionCheck c : checks) {
            if (c.verdict() != Verdict.UNCERTAIN) {
                continue;
            }
            if (c.metric() == Metric.ERROR_RATE && c.threshold() == 0) {
                out.add("no failure in " + c.samples() + " requests, fewer than the " + st.minSamples()
                        + " a verdict needs");
                continue;
            }
            if (c.metric() == Metric.ERROR_RATE) {
                out.add("error rate " + interval(Unit.FRACTION, c) + " against " + Unit.FRACTION.format(c.threshold()));
                continue;
            }
            Condition k = condition(group, c);
            Unit u = k.metric().unit();
            double q = k.metric().quantile();
            long floor = !Double.isNaN(q)
                    ? st.minSamples(q)
                    : k.metric().distribution() != null ? Evidence.MIN_SAMPLES_MEAN : 1;
            String name = k.metric().name();
            if (c.samples() < floor) {
                out.add(name + " on " + c.samples() + " samples, fewer than the " + floor + " a verdict needs");
            } else if (Double.isInfinite(c.high()) && c.pass()) {
                out.add(name + " on " + c.samples() + " samples, too few to bound a "
                        + k.metric().statistic() + " from above");
            } else {
                out.add(name + " " + interval(u, c) + " straddles " + u.format(k.threshold()) + " (" + c.samples()
                        + " samples)");
            }
        }
        return String.join("; ", out);
    }

    private static String interval(Unit u, ConditionCheck c) {
        return "[" + u.format(c.low()) + ", " + (Double.isInfinite(c.high()) ? "inf" : u.format(c.high())) + "]";
    }

    private static Condition condition(RuleGroup group, ConditionCheck c) {
        return group.conditions().stream()
                .filter(x -> x.metric() == c.metric())
                .findFirst()
                .orElseThrow();
    }
}
