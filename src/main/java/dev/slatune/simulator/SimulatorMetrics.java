package dev.slatune.simulator;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and gauges exposed at /metrics in Prometheus text format, named as vLLM names them so
 * that dashboards and scripts written for vLLM read the simulator too.
 */
public final class SimulatorMetrics {

    private final String model;
    private final int slots;
    private volatile int running;
    private volatile int waiting;
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder generationTokens = new LongAdder();
    private final LongAdder finishedLength = new LongAdder();
    private final LongAdder finishedStop = new LongAdder();
    private final LongAdder aborted = new LongAdder();
    private final LongAdder rejected429 = new LongAdder();
    private final LongAdder failed500 = new LongAdder();

    /** @param slots the engine's batch slots: the simulator's KV cache is full when every slot is taken */
    SimulatorMetrics(String model, int slots) {
        this.model = model;
        this.slots = Math.max(1, slots);
    }

    void gauges(int runningNow, int waitingNow) {
        running = runningNow;
        waiting = waitingNow;
    }

    void promptTokens(int n) {
        promptTokens.add(n);
    }

    void generationTokens(int n) {
        generationTokens.add(n);
    }

    void finished(FinishReason reason) {
        (reason == FinishReason.LENGTH ? finishedLength : finishedStop).increment();
    }

    void aborted() {
        aborted.increment();
    }

    void rejected(int status) {
        (status == 429 ? rejected429 : failed500).increment();
    }

    /** Sequences in the running batch. */
    public int running() {
        return running;
    }

    /** Requests queued for a batch slot. */
    public int waiting() {
        return waiting;
    }

    /** Output tokens produced so far. */
    public long generationTokens() {
        return generationTokens.sum();
    }

    /** Prometheus text exposition format 0.0.4. */
    String render() {
        String label = "{model_name=\"" + model.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        StringBuilder sb = new StringBuilder(1024);
        gauge(sb, "vllm:num_requests_running", "Number of requests in model execution batches.", label, running);
        gauge(sb, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", label, waiting);
        // The simulator has no KV blocks: a batch slot stands for one sequence's share of the cache, so
        // the cache is full exactly when the batch is (as a real server's is at its slot limit).
        sb.append("# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.\n")
                .append("# TYPE vllm:kv_cache_usage_perc gauge\n")
                .append("vllm:kv_cache_usage_perc")
                .append(label)
                .append(' ')
                .append((double) running / slots)
                .append('\n');
        counter(sb, "vllm:num_preemptions_total", "Cumulative number of preemption from the engine.", label, 0);
        counter(
                sb,
                "vllm:prefix_cache_queries_total",
                "Prefix cache queries, in terms of number of queried tokens.",
                label,
                promptTokens.sum());
        counter(
                sb,
                "vllm:prefix_cache_hits_total",
                "Prefix cache hits, in terms of number of cached tokens.",
                label,
                0);
        counter(sb, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", label, promptTokens.sum());
        counter(
                sb,
                "vllm:generation_tokens_total",
                "Number of generation tokens processed.",
                label,
                generationTokens.sum());
        sb.append("# HELP vllm:request_success_total Count of successfully processed requests.\n")
                .append("# TYPE vllm:request_success_total counter\n");
        String base = label.substring(0, label.length() - 1);
        sb.append("vllm:request_success_total")
                .append(base)
                .append(",finished_reason=\"length\"} ")
                .append(finishedLength.sum())
                .append('\n');
        sb.append("vllm:request_success_total")
                .append(base)
                .append(",finished_reason=\"stop\"} ")
                .append(finishedStop.sum())
                .append('\n');
        counter(
                sb,
                "slatune_sim:requests_aborted_total",
                "Requests cut by fault injection or left by the client.",
                label,
                aborted.sum());
        sb.append("# HELP slatune_sim:requests_rejected_total Requests answered with an injected error status.\n")
                .append("# TYPE slatune_sim:requests_rejected_total counter\n");
        sb.append("slatune_sim:requests_rejected_total")
                .append(base)
                .append(",status=\"429\"} ")
                .append(rejected429.sum())
                .append('\n');
        sb.append("slatune_sim:requests_rejected_total")
                .append(base)
                .append(",status=\"500\"} ")
                .append(failed500.sum())
                .append('\n');
        return sb.toString();
    }

    private static void gauge(StringBuilder sb, String name, String help, String label, long value) {
        sb.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append('\n')
                .append("# TYPE ")
                .append(name)
                .append(" gauge\n")
                .append(name)
                .append(label)
                .append(' ')
                .append(value)
                .append('\n');
    }

    private static void counter(StringBuilder sb, String name, String help, String label, long value) {
        sb.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append('\n')
                .append("# TYPE ")
                .append(name)
                .append(" counter\n")
                .append(name)
                .append(label)
                .append(' ')
                .append(value)
                .append('\n');
    }
}
