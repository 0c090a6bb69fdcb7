package dev.slatune.plan;

import dev.slatune.search.Variable;
import dev.slatune.sla.Numbers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How each run of a tuning is measured: a pure function from (probe, value, run, attempt) to what
 * each load process runs, the same for {@code slatune tune} (one in-process share) and the operator
 * (one Job per share). It decides the measured requests of a run, its warm-up, how a run is split
 * between pods, and the prompt ordinal ({@code load --run K}) of each share.
 *
 * <p>Prompt ordinals never repeat within a tuning: {@link #ordinal} is a mixed-radix number of
 * (probe, run, attempt, share) whose radixes are the plan's bounds, so two different runs, retries
 * or shares of one tuning never get the same K, and {@code load} draws disjoint prompts for each K.
 *
 * @param variable concurrency (split into whole numbers) or rate (split evenly)
 * @param requests measured requests of a whole run, or null for {@code multiplier} x value
 * @param multiplier measured requests per unit of pressure when {@code requests} is null
 * @param duration a timed run instead of a request count, or null
 * @param warmupRequests unmeasured requests each load process sends first
 * @param warmupEveryRun true when every process is cold (the operator's pods); false when the load
 *        runs in one warm process ({@code tune}), which warms up before its first run only
 * @param shares the most load processes one run is split across
 * @param runsPerPoint the most runs at one value (the search never asks for more)
 * @param attempts the most attempts of one run (1 + retries)
 * @param firstOrdinal the ordinal of the tuning's first share (a {@code --run} given to {@code tune})
 */
public record ProbePlan(
        Variable variable,
        Integer requests,
        double multiplier,
        Duration duration,
        int warmupRequests,
        boolean warmupEveryRun,
        int shares,
        int runsPerPoint,
        int attempts,
        int firstOrdinal) {

    public ProbePlan {
        if (variable == null) {
            throw new IllegalArgumentException("a probe plan needs a variable");
        }
        if (requests != null && requests < 1) {
            throw new IllegalArgumentException("requests per run must be >= 1, got " + requests);
        }
        if (requests != null && duration != null) {
            throw new IllegalArgumentException("a run has a request count or a duration, not both");
        }
        if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("the requests multiplier must be > 0, got " + multiplier);
        }
        if (warmupRequests < 0 || shares < 1 || runsPerPoint < 1 || attempts < 1 || firstOrdinal < 0) {
            throw new IllegalArgumentException("warm-up must be >= 0 and shares, runs and attempts >= 1");
        }
    }

    /**
     * What one load process of one attempt of one run measures.
     *
     * @param share the share, from 0
     * @param value this process's concurrency (whole) or rate
     * @param requests measured requests, or null when the run is timed
     * @param duration the measuring time of a timed run, else null
     * @param warmupRequests unmeasured requests first
     * @param ordinal the prompt ordinal, {@code load --run}
     */
    public record ShareRun(int share, double value, Long requests, Duration duration, int warmupRequests, int ordinal) {

        /** The pressure, size, warm-up and prompt arguments of {@code slatune load} for this share. */
        public List<String> loadArgs(Variable variable) {
            List<String> a = new ArrayList<>();
            if (variable == Variable.PARALLEL) {
                add(a, "--parallel", Long.toString(Math.round(value)));
            } else {
                add(a, "--rate", Numbers.exact(value));
            }
            if (duration != null) {
                long ms = duration.toMillis();
                add(a, "--duration", ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms");
            } else {
                add(a, "--number", Long.toString(requests));
            }
            add(a, "--warmup-num", Integer.toString(warmupRequests));
            add(a, "--run", Integer.toString(ordinal));
            return a;
        }

        private static void add(List<String> args, String flag, String value) {
            args.add(flag);
            args.add(value);
        }
    }

    /**
     * The {@code load} arguments that make every share count its requests against the goodput SLO sets of the
     * rules ({@code --goodput ttft<=0.2,tpot<=0.05}, once per set), the same in every run of a tuning: the
     * operator adds them to each Job, {@code tune} gives the same sets to its in-process load.
     *
     * @param sets the keys of the sets, {@code sla.SlaRules.goodputSets}
     */
    public static List<String> goodputArgs(List<String> sets) {
        List<String> a = new ArrayList<>();
        for (String s : sets) {
            a.add("--goodput");
            a.add(s);
        }
        return a;
    }

    /** The measured requests of a whole run at {@code value}; null when runs are timed. */
    public Long requestsAt(double value) {
        if (duration != null) {
            return null;
        }
        return requests != null ? requests : requests(value, multiplier);
    }

    /** EvalScope's requests of a run: max(1, round(value x multiplier)), Python's round (half to even). */
    public static long requests(double value, double multiplier) {
        return Math.max(1, (long) Math.rint(value * multiplier));
    }

    /**
     * The shares of attempt {@code attempt} of run {@code run} at {@code value}, the tuning's
     * {@code probe}-th value (in the order first measured). The pressures of the shares add up to
     * the run's; a concurrency is split into whole numbers, never a share with none (so fewer shares
     * when the value is small); requests follow the pressure, so that every share lasts about as long.
     */
    public List<ShareRun> run(int probe, double value, int run, int attempt) {
        return run(probe, value, run, attempt, shares);
    }

    /**
     * As {@link #run(int, double, int, int)}, split across {@code pods} (at most {@link #shares}) load
     * processes: the operator measures a client-limited value again with more pods than its first runs.
     */
    public List<ShareRun> run(int probe, double value, int run, int attempt, int pods) {
        if (pods < 1 || pods > shares) {
            throw new IllegalArgumentException("pods " + pods + " is outside the plan (1.." + shares + ")");
        }
        int n = variable == Variable.PARALLEL ? (int) Math.max(1, Math.min(pods, Math.round(value))) : pods;
        Long total = requestsAt(value);
        boolean warm = warmupEveryRun || (probe == 0 && run == 0 && attempt == 0);
        List<ShareRun> out = new ArrayList<>(n);
        long slots = Math.round(value);
        for (int i = 0; i < n; i++) {
            double v = variable == Variable.PARALLEL ? part(slots, n, i) : value / n;
            // Every share must take about as long, or their windows do not overlap: the same requests
            // per slot of concurrency, or per pod at an even rate, rounded up (a split run may send a
            // few more than asked).
            Long req = total == null
                    ? null
                    : n == 1
                            ? total
                            : variable == Variable.PARALLEL ? Math.round(v) * ceilDiv(total, slots) : ceilDiv(total, n);
            out.add(new ShareRun(i, v, req, duration, warm ? warmupRequests : 0, ordinal(probe, run, attempt, i)));
        }
        return out;
    }

    /**
     * The prompt ordinal of (probe, run, attempt, share): distinct for every distinct tuple within
     * the plan's bounds, and increasing in probe, then run, then attempt, then share.
     */
    public int ordinal(int probe, int run, int attempt, int share) {
        check("probe", probe, Integer.MAX_VALUE);
        check("run", run, runsPerPoint);
        check("attempt", attempt, attempts);
        check("share", share, shares);
        long k = firstOrdinal + (((long) probe * runsPerPoint + run) * attempts + attempt) * shares + share;
        if (k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("prompt ordinal overflows: probe " + probe);
        }
        return (int) k;
    }

    private static void check(String what, int v, int bound) {
        if (v < 0 || v >= bound) {
            throw new IllegalArgumentException(what + " " + v + " is outside the plan (0.." + (bound - 1) + ")");
        }
    }

    private static long ceilDiv(long a, long b) {
        return Math.max(1, (a + b - 1) / b);
    }

    /** The i-th of n near-equal whole parts of total; the first ones take the remainder. */
    static long part(long total, int n, int i) {
        return total / n + (i < total % n ? 1 : 0);
    }
}
