package dev.slatune.cli;

import dev.slatune.load.LoadException;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.UniformFailure;
import dev.slatune.search.Done;
import dev.slatune.search.GroupResult;
import dev.slatune.search.GroupVerdict;
import dev.slatune.search.MeasuredPoint;
import dev.slatune.search.Probe;
import dev.slatune.search.Search;
import dev.slatune.search.Step;
import dev.slatune.search.TuningPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives the search loop locally: asks {@link Search#next} for the next pressure, has a
 * {@link ProbeExecutor} measure it, appends the result to the history, and repeats until the
 * search is done or the run is cancelled. The same pure search the operator drives with Jobs.
 */
public final class Tuner {

    /** Measures one run at one pressure. */
    public interface ProbeExecutor {
        /**
         * @param value the pressure (concurrency or req/s)
         * @param run 0-based index of this run at this value
         * @param probeIndex 0-based index of this probe in the whole tuning run (rotates prompts)
         */
        ProbeResult run(double value, int run, int probeIndex) throws Exception;
    }

    /** Hears what the tuner does, for progress lines. */
    public interface Listener {
        void probeStarting(int probeIndex, double value, int run);

        void probeFinished(
                int probeIndex,
                double value,
                int run,
                ProbeResult result,
                MeasuredPoint pooled,
                List<GroupVerdict> verdicts);
    }

    /**
     * What a tuning run produced.
     *
     * @param history the measured points in the order first measured
     * @param results the search's results, or null when the run was cut short
     * @param stoppedBy null when the search finished, else why it stopped early
     */
    public record Outcome(List<MeasuredPoint> history, List<GroupResult> results, String stoppedBy) {}

    private final TuningPlan plan;
    private final ProbeExecutor executor;
    private final Listener listener;
    private final List<MeasuredPoint> history = new ArrayList<>();
    private volatile boolean cancelled;

    public Tuner(TuningPlan plan, ProbeExecutor executor, Listener listener) {
        this.plan = plan;
        this.executor = executor;
        this.listener = listener;
    }

    /** Asks the loop to stop after the probe in progress; what was measured is kept. */
    public void cancel() {
        cancelled = true;
    }

    /** A copy of the history so far (safe to call from another thread for a partial report). */
    public synchronized List<MeasuredPoint> history() {
        return List.copyOf(history);
    }

    /**
     * Runs the loop. An exception from the executor ends the run; the history measured before it
     * is kept in the thrown {@link TuneInterruptedException}.
     */
    public Outcome run() throws TuneInterruptedException {
        int probeIndex = 0;
        while (true) {
            Step step;
            synchronized (this) {
                step = Search.next(plan, List.copyOf(history));
            }
            if (step instanceof Done done) {
                return new Outcome(history(), done.results(), null);
            }
            if (cancelled) {
                return new Outcome(history(), null, "interrupted");
            }
            double value = ((Probe) step).value();
            int run = runsAt(value);
            listener.probeStarting(probeIndex, value, run);
            ProbeResult result;
            try {
                result = executor.run(value, run, probeIndex);
            } catch (Exception e) {
                throw new TuneInterruptedException(e, history());
            }
            if (result == null) { // cancelled mid-probe with nothing measured
                return new Outcome(history(), null, "interrupted");
            }
            MeasuredPoint point;
            synchronized (this) {
                point = append(value, result);
            }
            listener.probeFinished(probeIndex, value, run, result, point, Search.verdicts(plan, point));
            probeIndex++;
            Optional<String> alike = UniformFailure.of(result);
            if (alike.isPresent()) {
                // Measuring other pressures is pointless: stop with a bad-configuration exit (2).
                throw new TuneInterruptedException(LoadException.badConfig("request rejected", alike.get()), history());
            }
        }
    }

    private synchronized int runsAt(double value) {
        return history.stream()
                .filter(p -> p.value() == value)
                .mapToInt(p -> p.runs().size())
                .findFirst()
                .orElse(0);
    }

    private MeasuredPoint append(double value, ProbeResult result) {
        for (int i = 0; i < history.size(); i++) {
            MeasuredPoint p = history.get(i);
            if (p.value() == value) {
                List<ProbeResult> runs = new ArrayList<>(p.runs());
                runs.add(result);
                MeasuredPoint updated = new MeasuredPoint(value, runs);
                history.set(i, updated);
                return updated;
            }
        }
        MeasuredPoint created = new MeasuredPoint(value, List.of(result));
        history.add(created);
        return created;
    }

    /** A tuning run ended by an error; carries what had been measured so it can still be written out. */
    public static final class TuneInterruptedException extends Exception {
        private final transient List<MeasuredPoint> history;

        TuneInterruptedException(Exception cause, List<MeasuredPoint> history) {
            super(cause.getMessage(), cause);
            this.history = history;
        }

        public List<MeasuredPoint> history() {
            return history;
        }
    }
}
