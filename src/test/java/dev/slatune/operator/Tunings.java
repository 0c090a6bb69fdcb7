package dev.slatune.operator;

import dev.slatune.api.ProbeSpec;
import dev.slatune.api.SearchStrategy;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.SlaTuningSpec;
import dev.slatune.api.TargetSpec;
import dev.slatune.api.TuningVariable;
import dev.slatune.api.WorkloadSpec;
import java.util.List;
import java.util.Map;

/** SlaTuning resources for tests, starting with the seed document's three examples. */
final class Tunings {

    private Tunings() {}

    /** A bare resource: parallel, p99_latency <= 2, against a local URL. */
    static SlaTuning base(String name) {
        SlaTuning r = new SlaTuning();
        r.getMetadata().setName(name);
        r.getMetadata().setNamespace("tuning");
        SlaTuningSpec s = new SlaTuningSpec();
        TargetSpec t = new TargetSpec();
        t.setUrl("http://vllm.llm.svc:8000/v1/chat/completions");
        t.setModel("Qwen2.5-0.5B-Instruct");
        s.setTarget(t);
        s.setVariable(TuningVariable.PARALLEL);
        s.setRules(List.of(Map.of("p99_latency", "<=2")));
        ProbeSpec p = new ProbeSpec();
        p.setRequests(40);
        s.setProbe(p);
        r.setSpec(s);
        return r;
    }

    /** Seed example 1: the most concurrency with p99 latency <= 2 s (start 2, upper bound 64). */
    static SlaTuning seed1(String name) {
        SlaTuning r = base(name);
        SlaTuningSpec s = r.getSpec();
        s.setWorkload(workload(1024, 1024));
        s.setRules(List.of(Map.of("p99_latency", "<=2")));
        s.setStart(2.0);
        s.setUpperBound(64.0);
        s.setStrategy(SearchStrategy.EVALSCOPE);
        return r;
    }

    /** Seed example 2: the concurrency of maximum tps (start 4). */
    static SlaTuning seed2(String name) {
        SlaTuning r = base(name);
        SlaTuningSpec s = r.getSpec();
        s.setWorkload(workload(1024, 1024));
        s.setRules(List.of(Map.of("tps", "max")));
        s.setStart(4.0);
        s.setStrategy(SearchStrategy.EVALSCOPE);
        return r;
    }

    /** Seed example 3: the highest rate with p99 TTFT < 0.05 and, separately, < 0.01 (rate 2, 1 run, 10..40). */
    static SlaTuning seed3(String name) {
        SlaTuning r = base(name);
        SlaTuningSpec s = r.getSpec();
        s.setWorkload(workload(512, 512));
        s.setVariable(TuningVariable.RATE);
        s.setRules(List.of(Map.of("p99_ttft", "<0.05"), Map.of("p99_ttft", "<0.01")));
        s.setStart(2.0);
        s.setNumRuns(1);
        s.setLowerBound(10.0);
        s.setUpperBound(40.0);
        s.setStrategy(SearchStrategy.EVALSCOPE);
        return r;
    }

    private static WorkloadSpec workload(int promptLength, int maxTokens) {
        WorkloadSpec w = new WorkloadSpec();
        w.setMinPromptLength(promptLength);
        w.setMaxPromptLength(promptLength);
        w.setPrefixLength(0);
        w.setMaxTokens(maxTokens);
        return w;
    }
}
