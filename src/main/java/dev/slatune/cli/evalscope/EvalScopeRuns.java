package dev.slatune.cli.evalscope;

import dev.slatune.load.LoadSpec;
import dev.slatune.metrics.ProbeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EvalScope's files of one SLA search as it goes: each run's folder
 * ({@code sla_tuning/sla_<variable>_<value>_run_<i>/}) written as soon as the run ends, and at the end
 * {@code sla_summary.json} (each value's runs averaged) and {@code performance_summary.txt}.
 */
public final class EvalScopeRuns {

    private final String variable;
    private final Map<Double, List<Map<String, Object>>> summaries = new LinkedHashMap<>();
    private final Map<Double, List<Map<String, List<Object>>>> percentiles = new LinkedHashMap<>();

    /** The runs of a search over {@code variable} ("parallel" or "rate"). */
    public EvalScopeRuns(String variable) {
        this.variable = variable;
    }

    /** Records run {@code run} at {@code value} and writes its folder under {@code outputs}. */
    public synchronized void add(Path outputs, double value, int run, ProbeResult r, RunSheet sheet, LoadSpec spec)
            throws IOException {
        Map<String, Object> summary = EvalScopeFiles.summary(r, sheet, concurrency(spec), rate(spec));
        Map<String, List<Object>> perc = EvalScopeFiles.percentiles(sheet);
        EvalScopeFiles.writeRun(outputs.resolve(EvalScopeFiles.slaRunFolder(variable, value, run)), summary, perc);
        summaries.computeIfAbsent(value, v -> new ArrayList<>()).add(summary);
        percentiles.computeIfAbsent(value, v -> new ArrayList<>()).add(perc);
    }

    /** EvalScope's "Number of concurrency" of a spec: parallel, a rate run's cap, or -1 for none. */
    public static double concurrency(LoadSpec spec) {
        if (!spec.pressure().isOpenLoop()) {
            return spec.pressure().parallel();
        }
        return spec.pressure().maxConcurrency() == 0 ? -1 : spec.pressure().maxConcurrency();
    }

    /** EvalScope's "Request rate (req/s)": the rate, or -1 in closed loop. */
    public static double rate(LoadSpec spec) {
        return spec.pressure().isOpenLoop() ? spec.pressure().rate() : -1;
    }

    /**
     * Writes {@code sla_summary.json} and {@code performance_summary.txt} into {@code dir}.
     *
     * @param rows the judged result of each value, in pressure order (the performance table)
     */
    public synchronized void writeSummaries(Path dir, LoadSpec base, String dataset, List<ProbeResult> rows)
            throws IOException {
        Map<Double, Map<String, Object>> byValue = new LinkedHashMap<>();
        summaries.forEach((v, list) -> byValue.put(v, EvalScopeFiles.averaged(list, percentiles.get(v))));
        EvalScopeFiles.writeSlaSummary(dir, variable, byValue);
        Files.writeString(
                dir.resolve("performance_summary.txt"),
                EvalScopeFiles.performanceSummary(
                        base.target().model(), dataset, base.target().api().toString(), dir, rows),
                StandardCharsets.UTF_8);
    }
}
