package dev.slatune.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading each server family's /metrics, and turning a probe's scrapes into peaks and deltas. */
class ServerMetricsTest {

    /** The shape of vLLM V1 output (names and HELP lines as vLLM's production-metrics page shows them). */
    static String vllm(int running, int waiting, double kv, int preemptions, int hits, int queries) {
        String l = "{engine=\"0\",model_name=\"Qwen/Qwen2.5-0.5B-Instruct\"}";
        return "# HELP vllm:num_requests_running Number of requests in model execution batches.\n"
                + "# TYPE vllm:num_requests_running gauge\n"
                + "vllm:num_requests_running" + l + " " + running + ".0\n"
                + "vllm:num_requests_waiting" + l + " " + waiting + ".0\n"
                + "vllm:kv_cache_usage_perc" + l + " " + kv + "\n"
                + "vllm:num_preemptions_total" + l + " " + preemptions + ".0\n"
                + "vllm:prefix_cache_queries_total" + l + " " + queries + ".0\n"
                + "vllm:prefix_cache_hits_total" + l + " " + hits + ".0\n"
                + "vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"m\"} 12.0\n"
                + "vllm:e2e_request_latency_seconds_bucket{engine=\"0\",le=\"0.3\",model_name=\"m\"} 3.0\n";
    }

    @Test
    void readsEachServerFamily() {
        record Case(String name, String text, String family, Map<ServerQuantity, Double> want) {}
        List<Case> cases = List.of(
                new Case(
                        "vLLM V1",
                        vllm(3, 7, 0.5, 2, 10, 40),
                        "vllm",
                        Map.of(
                                ServerQuantity.RUNNING,
                                3.0,
                                ServerQuantity.WAITING,
                                7.0,
                                ServerQuantity.KV_CACHE,
                                0.5,
                                ServerQuantity.PREEMPTIONS,
                                2.0,
                                ServerQuantity.PREFIX_CACHE_HITS,
                                10.0,
                                ServerQuantity.PREFIX_CACHE_QUERIES,
                                40.0)),
                new Case(
                        "vLLM V0",
                        "vllm:num_requests_running{model_name=\"m\"} 1.0\n"
                                + "vllm:num_requests_waiting{model_name=\"m\"} 0.0\n"
                                + "vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.25\n"
                                + "vllm:gpu_prefix_cache_hit_rate{model_name=\"m\"} 0.75\n",
                        "vllm",
                        Map.of(
                                ServerQuantity.RUNNING,
                                1.0,
                                ServerQuantity.WAITING,
                                0.0,
                                ServerQuantity.KV_CACHE,
                                0.25,
                                ServerQuantity.PREFIX_CACHE_HIT_RATE,
                                0.75)),
                new Case(
                        "SGLang",
                        "# TYPE sglang:token_usage gauge\n"
                                + "sglang:token_usage{model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 0.28\n"
                                + "sglang:cache_hit_rate{model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 0.0075\n"
                                + "sglang:num_running_reqs{model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 12.0\n"
                                + "sglang:num_queue_reqs{model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 4.0\n",
                        "sglang",
                        Map.of(
                                ServerQuantity.KV_CACHE,
                                0.28,
                                ServerQuantity.PREFIX_CACHE_HIT_RATE,
                                0.0075,
                                ServerQuantity.RUNNING,
                                12.0,
                                ServerQuantity.WAITING,
                                4.0)),
                new Case(
                        "TGI",
                        "# TYPE tgi_queue_size gauge\ntgi_queue_size 5\ntgi_batch_current_size 16\n"
                                + "tgi_request_count 100\n",
                        "tgi",
                        Map.of(ServerQuantity.RUNNING, 16.0, ServerQuantity.WAITING, 5.0)),
                new Case(
                        "llama.cpp",
                        "# HELP llamacpp:requests_processing Number of requests processing.\n"
                                + "# TYPE llamacpp:requests_processing gauge\nllamacpp:requests_processing 2\n"
                                + "llamacpp:requests_deferred 3\nllamacpp:kv_cache_usage_ratio 0.9\n",
                        "llamacpp",
                        Map.of(ServerQuantity.RUNNING, 2.0, ServerQuantity.WAITING, 3.0, ServerQuantity.KV_CACHE, 0.9)),
                new Case(
                        "two engines: counts add, fractions take the largest",
                        "vllm:num_requests_running{engine=\"0\"} 2\nvllm:num_requests_running{engine=\"1\"} 3\n"
                                + "vllm:kv_cache_usage_perc{engine=\"0\"} 0.2\nvllm:kv_cache_usage_perc{engine=\"1\"} 0.6\n",
                        "vllm",
                        Map.of(ServerQuantity.RUNNING, 5.0, ServerQuantity.KV_CACHE, 0.6)),
                new Case(
                        "labels with braces and quotes, a timestamp, NaN skipped",
                        "vllm:num_requests_waiting{model_name=\"a}b \\\"c\\\"\"} 4 1700000000000\n"
                                + "vllm:num_requests_running{model_name=\"m\"} NaN\n",
                        "vllm",
                        Map.of(ServerQuantity.WAITING, 4.0)),
                new Case("not an LLM server", "process_cpu_seconds_total 12.5\ngo_goroutines 8\n", null, Map.of()));
        for (Case c : cases) {
            PrometheusText.Scrape s = PrometheusText.parse(c.text());
            assertThat(s.values()).as(c.name()).isEqualTo(c.want());
            assertThat(s.family()).as(c.name()).isEqualTo(c.family());
            assertThat(s.known()).as(c.name()).isEqualTo(!c.want().isEmpty());
        }
    }

    @Test
    void gaugesPeakAndCountersChangeOverTheProbe() {
        ServerMetricsTracker t = new ServerMetricsTracker();
        t.before(PrometheusText.parse(vllm(0, 0, 0.0, 5, 100, 400)));
        t.during(PrometheusText.parse(vllm(8, 7, 1.0, 6, 150, 600)));
        t.during(PrometheusText.parse(vllm(8, 2, 0.75, 8, 200, 800)));
        t.during(PrometheusText.parse(vllm(0, 0, 0.0, 8, 200, 800)));
        ServerMetrics m = t.result();
        assertThat(m).isEqualTo(new ServerMetrics("vllm", 3, 8.0, 7.0, 1.0, 3.0, 100.0, 400.0, 0.25));
        assertThat(m.explanation()).isEqualTo("server queue peaked at 7 waiting, KV cache 100%, 3 preemptions");
        assertThat(m.line())
                .isEqualTo("Server (vllm metrics, 3 scrapes): running peak 8, waiting peak 7, "
                        + "KV cache peak 100%, preemptions 3, prefix cache hit rate 25%");
    }

    @Test
    void aRestartedServerReportsNoCountsAndNothingScrapedIsNull() {
        ServerMetricsTracker t = new ServerMetricsTracker();
        assertThat(t.result()).isNull();
        t.before(PrometheusText.parse(vllm(0, 0, 0.0, 50, 100, 400)));
        t.during(PrometheusText.parse(vllm(1, 0, 0.1, 0, 0, 10)));
        ServerMetrics m = t.result();
        assertThat(m.preemptions()).isNull();
        assertThat(m.prefixCacheHitRate()).isNull();
        assertThat(m.explanation()).isEqualTo("no requests waited at the server, KV cache 10%");
    }

    @Test
    void mergesSequentialRunsByAddingCountsAndConcurrentSharesByTakingTheLargest() {
        ServerMetrics a = new ServerMetrics("vllm", 2, 4.0, 1.0, 0.5, 1.0, 10.0, 100.0, 0.1);
        ServerMetrics b = new ServerMetrics("vllm", 3, 8.0, 0.0, 0.9, 2.0, 30.0, 100.0, 0.3);
        assertThat(ServerMetrics.merge(List.of(a, b), ProbeResult.MergeMode.SEQUENTIAL))
                .isEqualTo(new ServerMetrics("vllm", 5, 8.0, 1.0, 0.9, 3.0, 40.0, 200.0, 0.2));
        assertThat(ServerMetrics.merge(List.of(a, b), ProbeResult.MergeMode.CONCURRENT))
                .isEqualTo(new ServerMetrics("vllm", 3, 8.0, 1.0, 0.9, 2.0, 30.0, 100.0, 0.3));
        assertThat(ServerMetrics.merge(java.util.Arrays.asList(null, null), ProbeResult.MergeMode.SEQUENTIAL))
                .isNull();
    }
}
