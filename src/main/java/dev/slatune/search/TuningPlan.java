package dev.slatune.search;

import dev.slatune.search.PlanException.Setting;
import dev.slatune.sla.Numbers;
import dev.slatune.sla.RuleGroup;
import java.util.List;
import java.util.Objects;

/**
 * Everything the search needs besides the measurements: the variable, where to start, the bounds, how many
 * runs per point, the rule groups and the strategy. Validated on construction, so a bad plan fails before
 * any load is sent.
 *
 * @param start the first pressure; clamped into [lowerBound, upperBound] as EvalScope does
 * @param runsPerPoint runs per pressure: always this many in {@code evalscope}; at most this many in
 *     {@code default}, which repeats only points whose verdict is close to a threshold
 * @param tolerance relative width of the final bracket in {@code default} ({@code 0.05}: the answer is within 5%
 *     of the boundary)
 * @param maxProbes the most distinct pressures one search may measure, so no configuration runs away
 * @param maxErrorRate the share of failed requests a point may have and still pass (0: any failure fails it)
 * @param statistics the confidence level, min samples and sample budget of the verdicts
 */
public record TuningPlan(
        Variable variable,
        double start,
        double lowerBound,
        double upperBound,
        int runsPerPoint,
        List<RuleGroup> groups,
        Strategy strategy,
        double tolerance,
        int maxProbes,
        double maxErrorRate,
        Statistics statistics) {

    public static final double DEFAULT_TOLERANCE = 0.05;
    public static final int DEFAULT_MAX_PROBES = 40;
    /**
     * {@link #maxRunsPerPoint()} over {@code runsPerPoint}; public because a probe plan must leave room for
     * that many runs at one value (the settle phase asks for them).
     */
    public static final int MAX_RUNS_FACTOR = 10;

    public TuningPlan {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(statistics, "statistics");
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        if (groups.isEmpty()) {
            throw new PlanException(
                    Setting.RULES, "no rule groups: give at least one, e.g. [{\"p99_latency\": \"<=2s\"}]");
        }
        positive(Setting.START, "start", start);
        positive(Setting.LOWER_BOUND, "lower bound", lowerBound);
        positive(Setting.UPPER_BOUND, "upper bound", upperBound);
        if (lowerBound > upperBound) {
            throw new PlanException(
                    Setting.LOWER_BOUND,
                    "lower bound " + Numbers.exact(lowerBound) + " is above upper bound " + Numbers.exact(upperBound));
        }
        if (runsPerPoint < 1) {
            throw new PlanException(Setting.RUNS_PER_POINT, "runs per point must be at least 1, got " + runsPerPoint);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new PlanException(
                    Setting.TOLERANCE, "tolerance must be a fraction between 0 and 1 (0.05 is 5%), got " + tolerance);
        }
        if (variable == Variable.RATE && strategy == Strategy.DEFAULT && tolerance < 1e-4) {
            throw new PlanException(
                    Setting.TOLERANCE, "tolerance below 0.0001 cannot be reached on a rate, got " + tolerance);
        }
        if (maxProbes < 1) {
            throw new PlanException(Setting.MAX_PROBES, "max probes must be at least 1, got " + maxProbes);
        }
        if (!(maxErrorRate >= 0 && maxErrorRate < 1)) {
            throw new PlanException(
                    Setting.MAX_ERROR_RATE, "max error rate must be a fraction in [0, 1), got " + maxErrorRate);
        }
        if (variable == Variable.PARALLEL || strategy == Strategy.EVALSCOPE) {
            String why = variable == Variable.PARALLEL
                    ? "parallel is a whole number of concurrent requests"
                    : "the evalscope strategy searches whole numbers (use strategy default for fractional rates)";
            whole(Setting.START, "start", start, why);
            whole(Setting.LOWER_BOUND, "lower bound", lowerBound, why);
            whole(Setting.UPPER_BOUND, "upper bound", upperBound, why);
        }
        if (strategy == Strategy.EVALSCOPE) {
            for (RuleGroup g : groups) {
                if (g.objective().isPresent() && g.conditions().size() > 1) {
                    throw new PlanException(
                            Setting.STRATEGY,
                            "the evalscope strategy optimises only a group made of a single"
                                    + " max or min, but got '" + g.criteria()
                                    + "'; use strategy default to maximise among"
                                    + " the pressures that meet constraints");
                }
            }
        }
    }

    /** A plan with the default statistics (95% confidence, 200 min samples, 1000-sample budget per point). */
    public TuningPlan(
            Variable variable,
            double start,
            double lowerBound,
            double upperBound,
            int runsPerPoint,
            List<RuleGroup> groups,
            Strategy strategy,
            double tolerance,
            int maxProbes,
            double maxErrorRate) {
        this(
                variable,
                start,
                lowerBound,
                upperBound,
                runsPerPoint,
                groups,
                strategy,
                tolerance,
                maxProbes,
                maxErrorRate,
                Statistics.DEFAULT);
    }

    /** A plan with the default tolerance (5%), probe cap (40) and no failed request allowed. */
    public static TuningPlan of(
            Variable variable,
            double start,
            double lowerBound,
            double upperBound,
            int runsPerPoint,
            List<RuleGroup> groups,
            Strategy strategy) {
        return new TuningPlan(
                variable,
                start,
                lowerBound,
                upperBound,
                runsPerPoint,
                groups,
                strategy,
                DEFAULT_TOLERANCE,
                DEFAULT_MAX_PROBES,
                0);
    }

    /** This plan with another tolerance. */
    public TuningPlan withTolerance(double t) {
        return new TuningPlan(
                variable,
                start,
                lowerBound,
                upperBound,
                runsPerPoint,
                groups,
                strategy,
                t,
                maxProbes,
                maxErrorRate,
                statistics);
    }

    /** This plan with another probe cap. */
    public TuningPlan withMaxProbes(int n) {
        return new TuningPlan(
                variable,
                start,
                lowerBound,
                upperBound,
                runsPerPoint,
                groups,
                strategy,
                tolerance,
                n,
                maxErrorRate,
                statistics);
    }

    /** This plan with another allowed error rate. */
    public TuningPlan withMaxErrorRate(double r) {
        return new TuningPlan(
                variable,
                start,
                lowerBound,
                upperBound,
                runsPerPoint,
                groups,
                strategy,
                tolerance,
                maxProbes,
                r,
                statistics);
    }

    /** This plan with other statistics (confidence level, min samples, sample budget). */
    public TuningPlan withStatistics(Statistics s) {
        return new TuningPlan(
                variable,
                start,
                lowerBound,
                upperBound,
                runsPerPoint,
                groups,
                strategy,
                tolerance,
                maxProbes,
                maxErrorRate,
                s);
    }

    /**
     * The most runs the default search gives one point while its verdict is uncertain: the runs per point, or
     * more where runs are small, up to ten times as many (one run at parallel 4 is 8 requests; a p99 needs
     * hundreds).
     */
    public int maxRunsPerPoint() {
        return runsPerPoint * MAX_RUNS_FACTOR;
    }

    /** The start clamped into the bounds. */
    public double clampedStart() {
        return Math.max(lowerBound, Math.min(start, upperBound));
    }

    /** Whether values are whole numbers (parallel, or anything under the evalscope strategy). */
    public boolean integral() {
        return variable == Variable.PARALLEL || strategy == Strategy.EVALSCOPE;
    }

    private static void positive(Setting setting, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new PlanException(setting, what + " must be a number above 0, got " + Numbers.exact(v));
        }
    }

    private static void whole(Setting setting, String what, double v, String why) {
        if (v != Math.rint(v)) {
            throw new PlanException(setting, what + " must be a whole number, got " + Numbers.exact(v) + ": " + why);
        }
    }
}
