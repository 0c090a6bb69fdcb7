package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.TuningVariable;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The documented default sizes of a load pod, and the CPUs its JVM is told about. */
class WorkerResourcesTest {

    @ParameterizedTest(name = "{0}={1} -> {2} CPU, {3}")
    @CsvSource({
        "PARALLEL, 1, 1, 576Mi",
        "PARALLEL, 128, 1, 768Mi",
        "PARALLEL, 129, 2, 832Mi",
        "PARALLEL, 1024, 4, 2560Mi",
        "PARALLEL, 4096, 4, 4096Mi",
        "RATE, 1, 1, 576Mi",
        "RATE, 20, 2, 960Mi",
        "RATE, 0.5, 1, 576Mi",
    })
    void defaultsFollowTheRequestsInFlight(TuningVariable variable, double share, String cpu, String memory) {
        var r = WorkerResources.of(variable, share, null);
        assertThat(r.getLimits()).containsEntry("cpu", new Quantity(cpu)).containsEntry("memory", new Quantity(memory));
        assertThat(r.getRequests()).isEqualTo(r.getLimits());
    }

    @ParameterizedTest(name = "limit {0} -> {1} CPUs")
    @CsvSource({"500m, 1", "1, 1", "1500m, 2", "4, 4"})
    void theJvmSeesTheCpuLimitRoundedUp(String limit, int cpus) {
        var r = WorkerResources.of(
                TuningVariable.PARALLEL,
                1,
                new ResourceRequirementsBuilder()
                        .addToLimits("cpu", new Quantity(limit))
                        .build());
        assertThat(WorkerResources.cpus(r)).isEqualTo(cpus);
        assertThat(WorkerJvm.options(cpus)).startsWith("-XX:ActiveProcessorCount=" + cpus + " ");
    }
}
