package dev.slatune.search;

import dev.slatune.cli.RulesJson;
import dev.slatune.search.Fakes.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Search-efficiency benchmark: both strategies on synthetic response curves with seeded noise. For each
 * curve and strategy: pressures probed, runs, requests sent (value × 2 per run, as EvalScope sends) and how
 * far the answer is from the true one. Run by {@code bench/search-efficiency.sh}; arguments: number of
 * seeds (default 20), first seed (default 1), run-to-run noise (default 0.03), sample budget (default 1000).
 */
public final class SearchEfficiencyBench {

    /** One benchmark curve. {@code truth} is the right answer without noise. */
    record Case(
            String name,
            Variable var,
            double start,
            double lb,
            double ub,
            String rules,
            DoubleFunction<Shape> curve,
            double truth,
            boolean optimum) {}

    /** Aggregates over seeds for one (case, strategy). */
    record Row(
            String curve,
            String strategy,
            double probes,
            double runs,
            double requests,
            double answer,
            double truth,
            double meanDistance,
            double worstDistance,
            int within,
            int n,
            double tpsShortfall,
            int confident) {}

    /** The default strategy's sample budget per point (argument 4). */
    private static int budget = Statistics.DEFAULT_SAMPLE_BUDGET;

    private SearchEfficiencyBench() {}

    static List<Case> cases() {
        String p99 = "[{\"p99_latency\": \"<=2s\"}]";
        String tps = "[{\"tps\": \"max\"}]";
        return List.of(
                // p99 = 0.4 (1 + 4ρ/(1-ρ)) reaches 2 s at ρ = 0.5
                new Case(
                        "queue, parallel (cap 150)",
                        Variable.PARALLEL,
                        1,
                        1,
                        1024,
                        p99,
                        Curves.queue(150, 0.4),
                        75,
                        false),
                new Case(
                        "queue, rate (cap 23.5/s)",
                        Variable.RATE,
                        1,
                        1,
                        1024,
                        p99,
                        Curves.queue(23.5, 0.4),
                        11.75,
                        false),
                // p99 = 0.5 (1 + (v/s)^2) reaches 2 s at v = s√3
                new Case(
                        "smooth rise, parallel",
                        Variable.PARALLEL,
                        4,
                        1,
                        1024,
                        p99,
                        Curves.smooth(0.5, 100),
                        Math.floor(100 * Math.sqrt(3)),
                        false),
                new Case(
                        "smooth rise, rate",
                        Variable.RATE,
                        2,
                        1,
                        1024,
                        p99,
                        Curves.smooth(0.5, 37.3),
                        37.3 * Math.sqrt(3),
                        false),
                new Case(
                        "tps peak at 50, parallel",
                        Variable.PARALLEL,
                        4,
                        1,
                        4096,
                        tps,
                        Curves.tpsPeak(50, 5000, 0.3),
                        50,
                        true),
                new Case(
                        "tps peak at 300, parallel",
                        Variable.PARALLEL,
                        4,
                        1,
                        4096,
                        tps,
                        Curves.tpsPeak(300, 8000, 0.2),
                        300,
                        true),
                new Case(
                        "tps plateau from 50, parallel",
                        Variable.PARALLEL,
                        4,
                        1,
                        4096,
                        tps,
                        Curves.tpsPlateau(50, 5000),
                        49,
                        true));
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long first = args.length > 1 ? Long.parseLong(args[1]) : 1;
        double noise = args.length > 2 ? Double.parseDouble(args[2]) : 0.03;
        budget = args.length > 3 ? Integer.parseInt(args[3]) : Statistics.DEFAULT_SAMPLE_BUDGET;
        List<Row> rows = new ArrayList<>();
        for (Case c : cases()) {
            for (Strategy s : Strategy.values()) {
                rows.add(measure(c, s, seeds, first, noise));
            }
        }
        System.out.println(table(rows, seeds, first, noise));
    }

    static Row measure(Case c, Strategy s, int seeds, long first, double noise) {
        double probes = 0;
        double runs = 0;
        double requests = 0;
        double answers = 0;
        double sumDist = 0;
        double worst = 0;
        double shortfall = 0;
        int within = 0;
        int answered = 0;
        int confident = 0;
        TuningPlan plan = TuningPlan.of(c.var(), c.start(), c.lb(), c.ub(), 3, RulesJson.parse(c.rules()), s)
                .withStatistics(new Statistics(Statistics.DEFAULT_CONFIDENCE, Statistics.DEFAULT_MIN_SAMPLES, budget));
        for (long seed = first; seed < first + seeds; seed++) {
            Driver.Trace t = Driver.drive(plan, Curves.heavyTailed(c.var(), c.curve(), noise, seed));
            probes += t.order().size();
            runs += t.runs();
            requests += t.requests();
            Double a = t.results().get(0).maxSatisfied();
            if (t.results().get(0).confident()) {
                confident++;
            }
            if (a == null) {
                sumDist += 1;
                worst = Math.max(worst, 1);
                continue;
            }
            answered++;
            answers += a;
            double dist = Math.abs(a - c.truth()) / c.truth();
            sumDist += dist;
            worst = Math.max(worst, dist);
            // Whole numbers cannot get closer than 1 to the truth.
            double slack = c.var() == Variable.PARALLEL ? 1 / c.truth() : 0;
            if (dist <= plan.tolerance() + slack + 1e-9) {
                within++;
            }
            if (c.optimum()) {
                double best = bestTps(c);
                shortfall += 1 - c.curve().apply(a).tps() / best;
            }
        }
        return new Row(
                c.name(),
                s.key(),
                probes / seeds,
                runs / seeds,
                requests / seeds,
                answered == 0 ? Double.NaN : answers / answered,
                c.truth(),
                sumDist / seeds,
                worst,
                within,
                seeds,
                c.optimum() ? shortfall / seeds : Double.NaN,
                confident);
    }

    private static double bestTps(Case c) {
        double best = 0;
        for (double v = c.lb(); v <= c.ub(); v++) {
            best = Math.max(best, c.curve().apply(v).tps());
        }
        return best;
    }

    static String table(List<Row> rows, int seeds, long first, double noise) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "seeds %d..%d, run-to-run noise %.0f%% (Gaussian, relative) and every"
                        + " request's latency drawn from a lognormal (sigma 0.5) with the curve's p99; 3 runs per point,"
                        + " tolerance 5%%, confidence 95%%, sample budget %d, requests = value x 2 per run%n%n",
                first,
                first + seeds - 1,
                noise * 100,
                budget));
        sb.append("| curve | strategy | pressures | runs | requests | req. vs evalscope | mean answer | truth |"
                + " mean distance | worst distance | within 5% | confident | tps short of max |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Row evalscope = rows.stream()
                    .filter(x -> x.curve().equals(r.curve()) && x.strategy().equals("evalscope"))
                    .findFirst()
                    .orElseThrow();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.1f | %.1f | %.0f | %.0f%% | %.2f | %.2f | %.1f%% |"
                            + " %.1f%% | %d/%d | %s | %s |%n",
                    r.curve(),
                    r.strategy(),
                    r.probes(),
                    r.runs(),
                    r.requests(),
                    100 * r.requests() / evalscope.requests(),
                    r.answer(),
                    r.truth(),
                    100 * r.meanDistance(),
                    100 * r.worstDistance(),
                    r.within(),
                    r.n(),
                    r.strategy().equals("evalscope") ? "n/a" : r.confident() + "/" + r.n(),
                    Double.isNaN(r.tpsShortfall())
                            ? ""
                            : String.format(Locale.ROOT, "%.1f%%", 100 * r.tpsShortfall())));
        }
        return sb.toString();
    }
}
