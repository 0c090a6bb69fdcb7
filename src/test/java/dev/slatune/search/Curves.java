package dev.slatune.search;

import dev.slatune.search.Fakes.Shape;
import java.util.Random;
import java.util.function.DoubleFunction;

/**
 * Synthetic response curves of an LLM endpoint, with seeded multiplicative noise that depends only on
 * (seed, value, run), so a search sees the same measurement whatever order it probes in.
 */
final class Curves {

    private Curves() {}

    /**
     * A capacity-limited queue (M/M/1-like): p99 latency {@code base * (1 + 4ρ/(1-ρ))} with utilisation
     * ρ = v / capacity; at or past capacity latency is 60 s and 5% of requests time out.
     */
    static DoubleFunction<Shape> queue(double capacity, double base) {
        return v -> {
            double rho = v / capacity;
            if (rho >= 0.999) {
                return new Shape(60, 30, 100 * capacity, 0.05);
            }
            double p99 = base * (1 + 4 * rho / (1 - rho));
            return new Shape(p99, p99 / 10, 100 * v, 0);
        };
    }

    /** A smooth rise: p99 latency {@code base * (1 + (v/scale)^2)}. */
    static DoubleFunction<Shape> smooth(double base, double scale) {
        return v -> {
            double p99 = base * (1 + (v / scale) * (v / scale));
            return new Shape(p99, p99 / 10, 50 * v / (1 + v / scale), 0);
        };
    }

    /**
     * tps with a single peak: rises linearly to {@code top} at {@code peak}, then collapses (thrashing) by
     * {@code drop} of the top per doubling of pressure.
     */
    static DoubleFunction<Shape> tpsPeak(double peak, double top, double drop) {
        return v -> {
            double tps = v <= peak ? top * v / peak : top * (1 - drop * Math.log(v / peak) / Math.log(2));
            return new Shape(1 + v / peak, 0.1, Math.max(tps, 1), 0);
        };
    }

    /** tps that saturates: {@code top * min(1, v/knee)}, flat beyond the knee. */
    static DoubleFunction<Shape> tpsPlateau(double knee, double top) {
        return v -> new Shape(1 + v / knee, 0.1, top * Math.min(1, v / knee), 0);
    }

    /**
     * The endpoint: the curve with Gaussian noise (clipped at ±3σ) of relative spread {@code sigma} on the
     * latencies and {@code sigma / 3} on tps: a tail percentile of a few hundred requests scatters far more
     * than a token rate averaged over the whole window.
     */
    static Driver.Endpoint noisy(Variable var, DoubleFunction<Shape> curve, double sigma, long seed) {
        return (v, run) -> {
            Shape s = curve.apply(v);
            Random rnd = new Random(seed * 1_000_003L + Double.hashCode(v) * 31L + run);
            double lat = 1 + sigma * clip(rnd.nextGaussian());
            double tps = 1 + sigma / 3 * clip(rnd.nextGaussian());
            return Fakes.result(
                    var.key(), v, new Shape(s.latencyP99() * lat, s.ttftP99() * lat, s.tps() * tps, s.errorRate()));
        };
    }

    /**
     * The endpoint with heavy-tailed noise: {@link #noisy}'s run-to-run scatter, and on top every request's
     * latency drawn from a lognormal (σ = 0.5) whose p99 is the curve's, failures drawn one by one. A probe
     * of 32 requests then scatters the way a real one does: its "p99" is one of its slowest requests.
     */
    static Driver.Endpoint heavyTailed(Variable var, DoubleFunction<Shape> curve, double sigma, long seed) {
        return (v, run) -> {
            Shape s = curve.apply(v);
            Random rnd = new Random(seed * 1_000_003L + Double.hashCode(v) * 31L + run);
            double lat = 1 + sigma * clip(rnd.nextGaussian());
            double tps = 1 + sigma / 3 * clip(rnd.nextGaussian());
            return Fakes.sampled(
                    var.key(),
                    v,
                    new Shape(s.latencyP99() * lat, s.ttftP99() * lat, s.tps() * tps, s.errorRate()),
                    rnd);
        };
    }

    /** The endpoint without noise. */
    static Driver.Endpoint exact(Variable var, DoubleFunction<Shape> curve) {
        return (v, run) -> Fakes.result(var.key(), v, curve.apply(v));
    }

    private static double clip(double g) {
        return Math.max(-3, Math.min(3, g));
    }
}
