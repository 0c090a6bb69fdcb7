package dev.slatune.it.operator;

import dev.slatune.api.ProbeSpec;
import dev.slatune.api.SearchStrategy;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.SlaTuningSpec;
import dev.slatune.api.TargetSpec;
import dev.slatune.api.TuningVariable;
import dev.slatune.api.WorkloadSpec;
import java.util.List;
import java.util.Map;

/**
 * The seed document's first example as a SlaTuning for the real control plane: its search as
 * written (variable parallel, start 2, upper bound 64, p99_latency <= 2, EvalScope's strategy),
 * with a workload scaled down (4 output tokens, one run, 6 s per probe) so that each probe takes
 * seconds against the {@link Simulator}'s steep capacity model, not minutes.
 */
final class ItTunings {

    static final int PROBE_SECONDS = 6;
    static final int WARMUP = 2;
    static final int PROMPT_LENGTH = 64;

    private ItTunings() {}

    static SlaTuning seed1(String name, String namespace, String url) {
        SlaTuning r = new SlaTuning();
        r.getMetadata().setName(name);
        r.getMetadata().setNamespace(namespace);
        SlaTuningSpec s = new SlaTuningSpec();
        TargetSpec t = new TargetSpec();
        t.setUrl(url);
        t.setModel("slatune-sim");
        s.setTarget(t);
        WorkloadSpec w = new WorkloadSpec();
        w.setMaxTokens(Simulator.MAX_TOKENS);
        w.setMinPromptLength(PROMPT_LENGTH);
        w.setMaxPromptLength(PROMPT_LENGTH);
        w.setPrefixLength(0);
        s.setWorkload(w);
        s.setVariable(TuningVariable.PARALLEL);
        s.setStart(2.0);
        s.setUpperBound(64.0);
        s.setRules(List.of(Map.of("p99_latency", "<=2")));
        s.setStrategy(SearchStrategy.EVALSCOPE);
        s.setNumRuns(1);
        ProbeSpec p = new ProbeSpec();
        p.setDurationSeconds(PROBE_SECONDS);
        p.setWarmupRequests(WARMUP);
        s.setProbe(p);
        r.setSpec(s);
        return r;
    }

    /** The same search as {@code slatune tune} flags, EvalScope's spelling. */
    static List<String> seed1TuneArgs(String url, String outputsDir) {
        return List.of(
                "tune",
                "--url",
                url,
                "--model",
                "slatune-sim",
                "--api",
                "openai",
                "--dataset",
                "random",
                "--max-tokens",
                Integer.toString(Simulator.MAX_TOKENS),
                "--prefix-length",
                "0",
                "--min-prompt-length",
                Integer.toString(PROMPT_LENGTH),
                "--max-prompt-length",
                Integer.toString(PROMPT_LENGTH),
                "--sla-auto-tune",
                "--sla-variable",
                "parallel",
                "--sla-params",
                "[{\"p99_latency\": \"<=2\"}]",
                "--parallel",
                "2",
                "--sla-upper-bound",
                "64",
                "--sla-num-runs",
                "1",
                "--strategy",
                "evalscope",
                "--probe-duration",
                PROBE_SECONDS + "s",
                "--warmup-num",
                Integer.toString(WARMUP),
                "--outputs-dir",
                outputsDir);
    }
}
