package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.Phase;
import dev.slatune.api.SlaTuning;
import dev.slatune.metrics.ErrorKind;
import dev.slatune.metrics.ProbeRecorder;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import dev.slatune.metrics.RequestOutcome;
import dev.slatune.metrics.ServerMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the server said reaches the SlaTuning status: its error messages in each run's message and
 * metrics, its own queue and KV-cache figures, and a tuning whose every request the server rejects
 * alike ends at once in Error with the server's words.
 */
@EnableKubernetesMockClient(crud = true)
class ServerWordsInStatusTest {

    static final String CONTEXT = "HTTP 400: request (1066 tokens) exceeds the available context size (1024 tokens)";

    KubernetesMockServer server;
    KubernetesClient client;
    MockCluster cluster;

    @BeforeEach
    void setUp() throws IOException {
        try (var in = new FileInputStream("crds/slatunings.slatune.dev-v1.yml")) {
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .load(in)
                    .item();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .createOr(c -> c.update());
        }
        cluster = new MockCluster(client, TuningReconcileTest.TARGET);
    }

    /** A pod's result: {@code failed} of {@code total} requests failed with {@code message}, the rest took 0.1 s. */
    static ProbeResult result(double value, int total, int failed, ErrorKind kind, String message) {
        ProbeRecorder rec = new ProbeRecorder(Clock.systemUTC());
        long t = System.nanoTime();
        for (int i = 0; i < total; i++) {
            if (i < failed) {
                rec.record(RequestOutcome.failed(t, t, t + 1_000_000, kind, message));
            } else {
                rec.record(new RequestOutcome(
                        t, t, t + 10_000_000, t + 100_000_000, 10, 10, true, new long[] {10_000_000}, null));
            }
        }
        return rec.result("parallel", value, Double.NaN, (long) value, null)
                .withServer(new ServerMetrics("vllm", 4, 4.0, 7.0, 1.0, 2.0, null, null, null));
    }

    @Test
    void everyRequestRejectedAlikeEndsTheTuningWithTheServersWords() {
        cluster.kubelet.worker(job ->
                new KubeletStandIn.Exit(0, ProbeResultCodec.toJson(result(2, 4, 4, ErrorKind.HTTP_4XX, CONTEXT))));
        cluster.create(Tunings.seed1("ctx"));
        SlaTuning r = cluster.runToEnd("ctx");

        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Error);
        Condition ready = r.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst()
                .orElseThrow();
        assertThat(ready.getReason()).isEqualTo("RequestsRejected");
        assertThat(ready.getMessage())
                .isEqualTo("at parallel=2 all 4 requests failed the same way (http_4xx): "
                        + CONTEXT
                        + ". The prompt plus max tokens do not fit the model's context: lower the prompt length or "
                        + "max tokens, or serve a longer context.");
        assertThat(cluster.jobs()).hasSize(1); // no second run, no other value
        var run = r.getStatus().getProbes().get(0).getRuns().get(0);
        assertThat(run.getMessage()).isEqualTo("4 of 4 requests failed: http_4xx x4: " + CONTEXT);
        assertThat(run.getMetrics().getErrors()).containsExactly("http_4xx x4: " + CONTEXT);
    }

    @Test
    void aRunWithSomeFailuresCarriesTheirMessagesAndTheServersFiguresAndGoesOn() {
        cluster.kubelet.worker(job -> new KubeletStandIn.Exit(
                0,
                ProbeResultCodec.toJson(result(
                        Double.parseDouble(KubeletStandIn.flags(job).get("--parallel")),
                        8,
                        2,
                        ErrorKind.HTTP_5XX,
                        "HTTP 503: Service Unavailable"))));
        SlaTuning seed = Tunings.seed1("some");
        seed.getSpec().setNumRuns(1);
        seed.getSpec().setMaxErrorRate(0.5);
        cluster.create(seed);
        SlaTuning r = cluster.runToEnd("some");

        assertThat(r.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(r.getStatus().getPromptLengths()).startsWith("approximate: no spec.workload.tokenizer");
        assertThat(r.getStatus().getProbes()).allSatisfy(p -> {
            assertThat(p.getRuns().get(0).getMessage())
                    .isEqualTo("2 of 8 requests failed: http_5xx x2: HTTP 503: " + "Service Unavailable");
            assertThat(p.getMetrics().getErrors()).containsExactly("http_5xx x2: HTTP 503: Service Unavailable");
            assertThat(p.getMetrics().getServer().getFamily()).isEqualTo("vllm");
            assertThat(p.getMetrics().getServer().getPeakWaiting()).isEqualTo(7.0);
            assertThat(p.getMetrics().getServer().getKvCachePeak()).isEqualTo(1.0);
            assertThat(p.getMetrics().getServer().getPreemptions()).isEqualTo(2.0);
        });
    }
}
