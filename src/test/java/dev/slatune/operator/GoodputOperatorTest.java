package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.RealTime;
import dev.slatune.api.GroupResultStatus;
import dev.slatune.api.Phase;
import dev.slatune.api.SearchStrategy;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.TuningVariable;
import dev.slatune.simulator.CapacityModel;
import dev.slatune.simulator.SimulatorConfig;
import dev.slatune.simulator.SimulatorServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A goodput rule through the operator, as {@link OperatorEndToEndTest} runs a tuning: each load Job counts
 * its requests against the rule's SLOs, two pods per run merge their counts, and the status reports them.
 */
@RealTime
@EnableKubernetesMockClient(crud = true)
class GoodputOperatorTest {

    static SimulatorServer gentle;

    KubernetesMockServer server;
    KubernetesClient client;
    MockCluster cluster;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSimulator() {
        // OperatorEndToEndTest's open-loop simulator: keeps up with 40 requests/s, latency about 40 ms.
        gentle = SimulatorServer.start(SimulatorConfig.defaults()
                .withModel("e2e-model")
                .withCapacity(
                        new CapacityModel(64, Duration.ofMillis(2), Duration.ofNanos(200_000), Duration.ZERO, 0.0)));
    }

    @AfterAll
    static void stopSimulator() {
        gentle.close();
    }

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
        cluster = new MockCluster(client, null);
        cluster.kubelet.worker(OperatorEndToEndTest.runningLoad(tmp));
    }

    @Test
    void podsCountTheGoodputAndTheStatusReportsItPerProbe() {
        SlaTuning r = OperatorEndToEndTest.against(gentle, "e2e-goodput");
        r.getSpec().setVariable(TuningVariable.RATE);
        // A generous SLO every request meets (a busy machine adds schedule lag), and one no request meets.
        r.getSpec()
                .setRules(List.of(
                        Map.of("goodput", ">=50%", "latency", "<=5s"),
                        Map.of("goodput", ">=50%", "ttft", "<=0.001ms")));
        r.getSpec().setStart(2.0);
        r.getSpec().setLowerBound(10.0);
        r.getSpec().setUpperBound(20.0);
        r.getSpec().setNumRuns(1);
        r.getSpec().setStrategy(SearchStrategy.EVALSCOPE);
        r.getSpec().getProbe().setRequests(40);
        r.getSpec().getProbe().setParallelism(2);
        cluster.create(r);
        SlaTuning done = cluster.runToEnd("e2e-goodput");

        assertThat(done.getStatus().getPhase())
                .as("%s", done.getStatus().getConditions())
                .isEqualTo(Phase.Succeeded);
        List<GroupResultStatus> results = done.getStatus().getResults();
        assertThat(results.get(0).getMaxSatisfied())
                .as(OperatorEndToEndTest.describe(done))
                .isEqualTo(20.0);
        assertThat(results.get(1).getMaxSatisfied()).isNull();
        assertThat(done.getStatus().getProbes()).isNotEmpty().allSatisfy(p -> {
            long requests = p.getMetrics().getRequests();
            assertThat(p.getMetrics().getGoodput()).hasSize(2);
            var all = p.getMetrics().getGoodput().get(0);
            assertThat(all.getSlos()).isEqualTo("latency<=5");
            assertThat(all.getTotal()).isEqualTo(requests);
            assertThat(all.getMet()).isEqualTo(requests);
            assertThat(all.getShare()).isEqualTo(1.0);
            assertThat(all.getRps()).isPositive();
            var none = p.getMetrics().getGoodput().get(1);
            assertThat(none.getSlos()).isEqualTo("ttft<=0.000001");
            assertThat(none.getMet()).isZero();
            assertThat(none.getTotal()).isEqualTo(requests);
        });
        // Both pods of a run counted: the merged run has all 40 requests in its goodput.
        var run = done.getStatus().getProbes().get(0).getRuns().get(0);
        assertThat(run.getJobs()).hasSize(2);
        assertThat(run.getMetrics().getGoodput().get(0).getTotal()).isEqualTo(40L);
    }
}
