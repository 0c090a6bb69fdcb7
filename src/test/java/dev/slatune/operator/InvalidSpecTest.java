package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.Phase;
import dev.slatune.api.SearchStrategy;
import dev.slatune.api.SecretKeyReference;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.TuningVariable;
import dev.slatune.api.WorkloadSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Specs the operator must refuse: each ends in Error with {@code Ready=False}, a reason naming the
 * field and a message starting with its path, and no Job. Kubernetes 1.20 has no CEL, so the rules
 * across fields are only ever checked here.
 */
@EnableKubernetesMockClient(crud = true)
class InvalidSpecTest {

    KubernetesMockServer server;
    KubernetesClient client;

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad(
                        "lower bound above upper bound",
                        s -> {
                            s.getSpec().setLowerBound(32.0);
                            s.getSpec().setUpperBound(8.0);
                        },
                        "InvalidUpperBound",
                        "spec.upperBound: (8) must not be below spec.lowerBound (32)"),
                bad(
                        "a lower bound that lifts the default upper bound over the guard rail",
                        s -> {
                            s.getSpec().setUpperBound(null);
                            s.getSpec().setLowerBound(2000.0);
                        },
                        "InvalidUpperBound",
                        "exceeds the highest concurrency"),
                bad(
                        "above the concurrency guard rail",
                        s -> s.getSpec().setUpperBound(5000.0),
                        "InvalidUpperBound",
                        "highest concurrency this operator allows (1024)"),
                bad(
                        "above the rate guard rail",
                        s -> {
                            s.getSpec().setVariable(TuningVariable.RATE);
                            s.getSpec().setUpperBound(2000.0);
                        },
                        "InvalidUpperBound",
                        "highest rate this operator allows (1000/s)"),
                bad(
                        "an unknown metric",
                        s -> s.getSpec().setRules(List.of(Map.of("p42_latency", "<=2"))),
                        "InvalidRules",
                        "spec.rules: "),
                bad(
                        "a condition that does not parse",
                        s -> s.getSpec().setRules(List.of(Map.of("p99_latency", "fast"))),
                        "InvalidRules",
                        "spec.rules: "),
                bad("no rules", s -> s.getSpec().setRules(List.of()), "InvalidRules", "spec.rules: needs"),
                bad(
                        "a retry bound below the pods every run has",
                        s -> {
                            s.getSpec().getProbe().setParallelism(4);
                            s.getSpec().setWorker(new dev.slatune.api.WorkerSpec());
                            s.getSpec().getWorker().setMaxPods(2);
                        },
                        "InvalidWorkerMaxPods",
                        "spec.worker.maxPods: (2) is below spec.probe.parallelism (4)"),
                bad(
                        "a retry bound above the operator's pods per probe",
                        s -> {
                            s.getSpec().setWorker(new dev.slatune.api.WorkerSpec());
                            s.getSpec().getWorker().setMaxPods(64);
                        },
                        "InvalidWorkerMaxPods",
                        "spec.worker.maxPods: (64) exceeds the most pods per probe this operator allows (16"),
                bad("no target url", s -> s.getSpec().getTarget().setUrl(null), "InvalidTargetUrl", "spec.target.url"),
                bad(
                        "a target url that is not http",
                        s -> s.getSpec().getTarget().setUrl("grpc://llm:9000"),
                        "InvalidTargetUrl",
                        "must be an http or https URL"),
                bad("no model", s -> s.getSpec().getTarget().setModel(" "), "InvalidTargetModel", "spec.target.model"),
                bad("no variable", s -> s.getSpec().setVariable(null), "InvalidVariable", "spec.variable"),
                bad(
                        "half a secret reference",
                        s -> s.getSpec().getTarget().setApiKeySecretRef(new SecretKeyReference("key", null)),
                        "InvalidTargetApiKeySecretRefKey",
                        "spec.target.apiKeySecretRef.key"),
                bad("a fractional concurrency", s -> s.getSpec().setStart(2.5), "InvalidStart", "whole number"),
                bad(
                        "requests and duration",
                        s -> s.getSpec().getProbe().setDurationSeconds(60),
                        "InvalidProbeDurationSeconds",
                        "not both"),
                bad(
                        "too many pods",
                        s -> s.getSpec().getProbe().setParallelism(100),
                        "InvalidProbeParallelism",
                        "most pods per probe"),
                bad(
                        "extra args that are not JSON",
                        s -> {
                            WorkloadSpec w = new WorkloadSpec();
                            w.setExtraArgs("{temperature: 0");
                            s.getSpec().setWorkload(w);
                        },
                        "InvalidWorkloadExtraArgs",
                        "is not JSON"),
                bad(
                        "prompt lengths the wrong way round",
                        s -> {
                            WorkloadSpec w = new WorkloadSpec();
                            w.setMinPromptLength(512);
                            w.setMaxPromptLength(128);
                            s.getSpec().setWorkload(w);
                        },
                        "InvalidWorkloadMaxPromptLength",
                        "must not be below minPromptLength"),
                bad("a tolerance of 10", s -> s.getSpec().setTolerance(10.0), "InvalidTolerance", "fraction"),
                bad(
                        "an objective with constraints under evalscope",
                        s -> {
                            s.getSpec().setStrategy(SearchStrategy.EVALSCOPE);
                            s.getSpec().setRules(List.of(Map.of("tps", "max", "p99_latency", "<=2")));
                        },
                        "InvalidStrategy",
                        "evalscope strategy"),
                // The message mentions the evalscope strategy, the fault is the start: the plan names its
                // setting, so the reason does not depend on the wording.
                bad(
                        "a fractional rate start under evalscope",
                        s -> {
                            s.getSpec().setVariable(TuningVariable.RATE);
                            s.getSpec().setStrategy(SearchStrategy.EVALSCOPE);
                            s.getSpec().setStart(2.5);
                        },
                        "InvalidStart",
                        "the evalscope strategy searches whole numbers"));
    }

    static Arguments bad(String what, Consumer<SlaTuning> change, String reason, String message) {
        return Arguments.of(what, change, reason, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void isRefusedWithAReasonNamingTheFieldAndNoJob(
            String what, Consumer<SlaTuning> change, String reason, String message) {
        MockCluster cluster = new MockCluster(client, TuningReconcileTest.TARGET);
        SlaTuning r = Tunings.seed1("invalid");
        change.accept(r);
        cluster.create(r);
        cluster.reconcile("invalid");

        SlaTuning after = cluster.get("invalid");
        assertThat(after.getStatus().getPhase()).isEqualTo(Phase.Error);
        Condition ready = TuningReconcileTest.condition(after, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(reason);
        assertThat(ready.getMessage()).contains(message).startsWith("spec.");
        assertThat(TuningReconcileTest.condition(after, "Progressing").getStatus())
                .isEqualTo("False");
        assertThat(cluster.jobs()).isEmpty();
        assertThat(client.v1()
                        .events()
                        .inNamespace(MockCluster.NAMESPACE)
                        .list()
                        .getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(reason));
        // Fixing the spec (a new generation) starts the run.
        SlaTuning fixed = Tunings.seed1("invalid");
        fixed.setMetadata(after.getMetadata());
        client.resources(SlaTuning.class)
                .inNamespace(MockCluster.NAMESPACE)
                .resource(fixed)
                .update();
        cluster.reconcile("invalid");
        assertThat(cluster.get("invalid").getStatus().getPhase()).isEqualTo(Phase.Running);
        assertThat(cluster.jobs()).hasSize(1);
    }
}
