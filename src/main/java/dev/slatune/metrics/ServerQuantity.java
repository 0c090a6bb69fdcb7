package dev.slatune.metrics;

import java.util.List;

/**
 * The server-side quantities slatune reads from a target's Prometheus {@code /metrics}, each with
 * the metric names the server families use for it, in the order they are tried (the first one a
 * scrape carries wins). Names as the servers document them: vLLM (V1, and V0 where it differs),
 * SGLang ({@code --enable-metrics}), Hugging Face TGI, llama.cpp's {@code llama-server --metrics}.
 */
public enum ServerQuantity {
    /** Requests in the running batch (gauge). */
    RUNNING(
            false,
            "vllm:num_requests_running",
            "sglang:num_running_reqs",
            "tgi_batch_current_size",
            "llamacpp:requests_processing"),
    /** Requests queued for a batch slot (gauge). */
    WAITING(
            false,
            "vllm:num_requests_waiting",
            "sglang:num_queue_reqs",
            "tgi_queue_size",
            "llamacpp:requests_deferred"),
    /** KV cache in use, 0 to 1 (gauge; vLLM says "perc" but reports a fraction). */
    KV_CACHE(
            false,
            "vllm:kv_cache_usage_perc",
            "vllm:gpu_cache_usage_perc",
            "sglang:token_usage",
            "llamacpp:kv_cache_usage_ratio"),
    /** Sequences preempted (counter). */
    PREEMPTIONS(true, "vllm:num_preemptions_total", "vllm:num_preemptions"),
    /** Prompt tokens found in the prefix cache (counter). */
    PREFIX_CACHE_HITS(true, "vllm:prefix_cache_hits_total", "vllm:prefix_cache_hits"),
    /** Prompt tokens looked up in the prefix cache (counter). */
    PREFIX_CACHE_QUERIES(true, "vllm:prefix_cache_queries_total", "vllm:prefix_cache_queries"),
    /** Prefix cache hit rate, 0 to 1, as servers without the counters report it (gauge). */
    PREFIX_CACHE_HIT_RATE(false, "vllm:gpu_prefix_cache_hit_rate", "sglang:cache_hit_rate");

    private final boolean counter;
    private final List<String> names;

    ServerQuantity(boolean counter, String... names) {
        this.counter = counter;
        this.names = List.of(names);
    }

    /** True for counters (reported as the change over a probe), false for gauges (reported at their peak). */
    public boolean counter() {
        return counter;
    }

    /** The metric names, most specific first. */
    public List<String> names() {
        return names;
    }

    /** The server family a metric name belongs to: its prefix before ':' or '_'. */
    public static String family(String metricName) {
        if (metricName.startsWith("tgi_")) {
            return "tgi";
        }
        int colon = metricName.indexOf(':');
        return colon > 0 ? metricName.substring(0, colon) : "unknown";
    }
}
