package dev.slatune.operator;

import dev.slatune.api.GroupResultStatus;
import dev.slatune.api.GroupVerdictStatus;
import dev.slatune.metrics.ProbeResult;
import java.util.List;
import java.util.Map;

/**
 * The operator's view of the search: the one place that talks to {@code dev.slatune.search}, so the
 * reconciler deals in its own resource types only. Pure: the answer depends on the arguments alone.
 */
public interface SearchPort {

    /** Parses the rule groups; throws {@link IllegalArgumentException} saying what is wrong. */
    void checkRules(List<Map<String, String>> rules);

    /** Builds the plan of a resolved spec; throws {@link IllegalArgumentException} saying what is wrong. */
    void checkPlan(ResolvedSpec spec);

    /** The most distinct values the search measures for this spec (its default when the spec sets none). */
    int maxProbes(ResolvedSpec spec);

    /** The next step given the history: one more run at a value, or the results. */
    Decision next(ResolvedSpec spec, List<Point> history);

    /** The verdict of every rule group on the runs measured at one value. */
    List<GroupVerdictStatus> verdicts(ResolvedSpec spec, Point point);

    /**
     * All runs measured at one value, in order (summaries without histograms will do), and their exact
     * pool (histograms merged), or null.
     */
    record Point(double value, List<ProbeResult> runs, ProbeResult pooled) {
        public Point {
            runs = List.copyOf(runs);
        }
    }

    /** What the search wants next. */
    sealed interface Decision permits Measure, Finish {}

    /** Measure one more run at {@code value}. */
    record Measure(double value) implements Decision {}

    /** The search is over: one result per rule group. */
    record Finish(List<GroupResultStatus> results) implements Decision {}
}
