package dev.slatune.operator;

import dev.slatune.api.GroupResultStatus;
import dev.slatune.api.GroupVerdictStatus;
import dev.slatune.api.SearchStrategy;
import dev.slatune.api.TuningVariable;
import dev.slatune.search.Done;
import dev.slatune.search.GroupResult;
import dev.slatune.search.GroupVerdict;
import dev.slatune.search.MeasuredPoint;
import dev.slatune.search.Probe;
import dev.slatune.search.Search;
import dev.slatune.search.Statistics;
import dev.slatune.search.Step;
import dev.slatune.search.Strategy;
import dev.slatune.search.TuningPlan;
import dev.slatune.search.Variable;
import dev.slatune.sla.SlaRules;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** {@link SearchPort} on {@code dev.slatune.search}: the same pure search {@code slatune tune} runs. */
@Singleton
public class SearchAdapter implements SearchPort {

    @Override
    public void checkRules(List<Map<String, String>> rules) {
        SlaRules.fromGroups(rules);
    }

    @Override
    public void checkPlan(ResolvedSpec spec) {
        plan(spec);
    }

    @Override
    public int maxProbes(ResolvedSpec spec) {
        return plan(spec).maxProbes();
    }

    @Override
    public Decision next(ResolvedSpec spec, List<Point> history) {
        Step step = Search.next(
                plan(spec), history.stream().map(SearchAdapter::point).toList());
        if (step instanceof Probe probe) {
            return new Measure(probe.value());
        }
        return new Finish(
                ((Done) step).results().stream().map(SearchAdapter::result).toList());
    }

    @Override
    public List<GroupVerdictStatus> verdicts(ResolvedSpec spec, Point point) {
        return Search.verdicts(plan(spec), point(point)).stream()
                .map(SearchAdapter::verdict)
                .toList();
    }

    /** The plan of a spec; the search's constructor checks it. */
    static TuningPlan plan(ResolvedSpec s) {
        TuningPlan plan = TuningPlan.of(
                s.tuning().variable() == TuningVariable.PARALLEL ? Variable.PARALLEL : Variable.RATE,
                s.tuning().start(),
                s.tuning().lowerBound(),
                s.tuning().upperBound(),
                s.tuning().numRuns(),
                SlaRules.fromGroups(s.tuning().rules()),
                s.tuning().strategy() == SearchStrategy.EVALSCOPE ? Strategy.EVALSCOPE : Strategy.DEFAULT);
        if (s.tuning().tolerance() != null) {
            plan = plan.withTolerance(s.tuning().tolerance());
        }
        if (s.tuning().maxProbes() != null) {
            plan = plan.withMaxProbes(s.tuning().maxProbes());
        }
        if (s.tuning().maxErrorRate() != null) {
            plan = plan.withMaxErrorRate(s.tuning().maxErrorRate());
        }
        var st = s.tuning().statistics();
        plan = plan.withStatistics(new Statistics(
                st.getConfidence() != null ? st.getConfidence() : Statistics.DEFAULT_CONFIDENCE,
                st.getMinSamples() != null ? st.getMinSamples() : Statistics.DEFAULT_MIN_SAMPLES,
                st.getSampleBudget() != null ? st.getSampleBudget() : Statistics.DEFAULT_SAMPLE_BUDGET));
        return plan;
    }

    private static MeasuredPoint point(Point p) {
        return new MeasuredPoint(p.value(), p.runs(), p.pooled());
    }

    private static GroupResultStatus result(GroupResult g) {
        GroupResultStatus s = new GroupResultStatus();
        s.setCriteria(g.criteria());
        s.setVariable(g.variable());
        s.setMaxSatisfied(g.maxSatisfied());
        s.setOutcome(g.outcome().key());
        s.setNote(g.note());
        s.setLastPass(g.lastPass());
        s.setFirstFail(g.firstFail());
        s.setBindingRule(g.bindingRule());
        s.setUncertainty(g.uncertainty());
        s.setSamples(g.samples() > 0 ? g.samples() : null);
        return s;
    }

    private static GroupVerdictStatus verdict(GroupVerdict v) {
        GroupVerdictStatus s = new GroupVerdictStatus(v.criteria(), v.pass(), v.pass() && v.sure() ? null : v.reason());
        s.setVerdict(v.verdict().key());
        s.setSamples(v.samples());
        return s;
    }
}
