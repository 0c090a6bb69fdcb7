package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.operator.RestrictedProfile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every pod the chart deploys (operator and simulator) passes the Pod Security "restricted" profile. */
class ChartPodSecurityTest {

    @Test
    void theOperatorAndTheSimulatorAreRestricted() {
        List<HasMetadata> all = Chart.render(Map.of("simulator", Map.of("enabled", true)));
        List<Deployment> deployments = Chart.all(all, Deployment.class);
        assertThat(deployments)
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder(ChartTemplateTest.FULLNAME, ChartTemplateTest.FULLNAME + "-simulator");
        for (Deployment d : deployments) {
            var t = d.getSpec().getTemplate();
            assertThat(RestrictedProfile.violations(t.getMetadata(), t.getSpec()))
                    .as(d.getMetadata().getName())
                    .isEmpty();
            assertThat(t.getSpec().getContainers()).allSatisfy(c -> {
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(c.getVolumeMounts())
                        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            });
        }
    }
}
