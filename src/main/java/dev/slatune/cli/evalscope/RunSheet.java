package dev.slatune.cli.evalscope;

import dev.slatune.load.Progress;
import dev.slatune.load.ProgressListener;
import dev.slatune.metrics.RequestOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-request figures of one run that EvalScope's percentile table is computed from, gathered as the
 * run's measured requests complete (successful ones only, as EvalScope's {@code WHERE success=1}). Times are
 * seconds, measured as slatune measures them (from the scheduled send); TPOT follows EvalScope's definition:
 * {@code (latency - ttft) / (output tokens - 1)}, and 0 for a reply of one token. Progress is passed on to
 * the wrapped listener. Thread-safe.
 */
public final class RunSheet implements ProgressListener {

    private final ProgressListener inner;
    private final List<double[]> rows = new ArrayList<>();
    private final List<Double> itl = new ArrayList<>();

    /** A sheet that passes progress on to {@code inner} (may be null). */
    public RunSheet(ProgressListener inner) {
        this.inner = inner == null ? ProgressListener.NONE : inner;
    }

    /** A sheet of the given rows, for tests: each {ttft, tpot, latency, input, output}; ITL gaps apart. */
    static RunSheet of(List<double[]> rows, List<Double> itl) {
        RunSheet s = new RunSheet(null);
        s.rows.addAll(rows);
        s.itl.addAll(itl);
        return s;
    }

    @Override
    public void onProgress(Progress progress) {
        inner.onProgress(progress);
    }

    @Override
    public synchronized void onMeasured(RequestOutcome o) {
        inner.onMeasured(o);
        if (!o.succeeded()) {
            return;
        }
        double latency = (o.endNanos() - o.scheduledNanos()) / 1e9;
        // Non-streamed replies have no first token: EvalScope then takes the whole latency as TTFT.
        double ttft = o.firstTokenNanos() >= 0 ? (o.firstTokenNanos() - o.scheduledNanos()) / 1e9 : latency;
        double tpot = o.outputTokens() > 1 ? (latency - ttft) / (o.outputTokens() - 1) : 0;
        rows.add(new double[] {ttft, tpot, latency, o.inputTokens(), o.outputTokens()});
        for (long gap : o.itlNanos()) {
            itl.add(gap / 1e9);
        }
    }

    /** Successful requests recorded. */
    public synchronized int size() {
        return rows.size();
    }

    /** One column of values, unsorted: ttft, tpot, latency, input, output, itl, output_tps, total_tps. */
    synchronized double[] column(String name) {
        return switch (name) {
            case "itl" -> itl.stream().mapToDouble(Double::doubleValue).toArray();
            case "output_tps" ->
                rows.stream()
                        .filter(r -> r[2] > 0)
                        .mapToDouble(r -> r[4] / r[2])
                        .toArray();
            case "total_tps" ->
                rows.stream()
                        .filter(r -> r[2] > 0)
                        .mapToDouble(r -> (r[3] + r[4]) / r[2])
                        .toArray();
            default -> {
                int i = List.of("ttft", "tpot", "latency", "input", "output").indexOf(name);
                if (i < 0) {
                    throw new IllegalArgumentException("unknown column '" + name + "'");
                }
                yield rows.stream().mapToDouble(r -> r[i]).toArray();
            }
        };
    }

    /** The mean of a column, NaN when empty. */
    double mean(String name) {
        return java.util.Arrays.stream(column(name)).average().orElse(Double.NaN);
    }
}
