package dev.slatune.search;

import dev.slatune.metrics.ProbeResult;
import java.util.ArrayList;
import java.util.List;

/** Drives {@link Search#next} to the end against a synthetic endpoint, the way {@code tune} and the operator do. */
final class Driver {

    /** A synthetic endpoint: what run number {@code run} (from 0) at {@code value} measures. */
    @FunctionalInterface
    interface Endpoint {
        ProbeResult measure(double value, int run);
    }

    /**
     * What happened.
     *
     * @param order distinct values in the order first probed
     * @param runs total runs
     * @param requests requests sent: value × 2 per run, as EvalScope sends
     */
    record Trace(
            List<Double> order, int runs, double requests, List<GroupResult> results, List<MeasuredPoint> history) {}

    private Driver() {}

    static Trace drive(TuningPlan plan, Endpoint endpoint) {
        List<MeasuredPoint> history = new ArrayList<>();
        List<Double> order = new ArrayList<>();
        int runs = 0;
        double requests = 0;
        for (int step = 0; step < 100_000; step++) {
            Step s = Search.next(plan, history);
            if (s instanceof Done d) {
                return new Trace(order, runs, requests, d.results(), history);
            }
            double v = ((Probe) s).value();
            int at = indexOf(history, v);
            int run = at < 0 ? 0 : history.get(at).runs().size();
            ProbeResult r = endpoint.measure(v, run);
            if (at < 0) {
                history.add(new MeasuredPoint(v, List.of(r)));
                order.add(v);
            } else {
                history.set(at, history.get(at).plus(r));
            }
            runs++;
            requests += r.requests().total();
        }
        throw new AssertionError("the search did not finish in 100000 steps");
    }

    private static int indexOf(List<MeasuredPoint> history, double v) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).value() == v) {
                return i;
            }
        }
        return -1;
    }
}
