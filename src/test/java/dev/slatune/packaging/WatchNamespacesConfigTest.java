package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.operator.SlaTuningReconciler;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.quarkiverse.operatorsdk.runtime.RunTimeOperatorConfiguration;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The environment variable the chart sets for watchNamespaces lands, through Quarkus's own config
 * mapping of environment variables, in the Quarkus Operator SDK's namespaces of the operator's
 * controller (the one place where a misspelt variable would be silently ignored).
 */
class WatchNamespacesConfigTest {

    @Test
    void chartsVariableSetsTheControllersNamespaces() {
        Map<String, String> env =
                ChartTemplateTest.operator(Chart.render(Map.of("watchNamespaces", List.of("team-a", "team-b"))))
                        .getEnv()
                        .stream()
                        .filter(e -> e.getName().startsWith("QUARKUS_OPERATOR_SDK"))
                        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300))
                // Quarkus's duration syntax ("2M") for the mapping's other defaults, as at run time.
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(RunTimeOperatorConfiguration.class)
                .build();
        RunTimeOperatorConfiguration sdk = config.getConfigMapping(RunTimeOperatorConfiguration.class);

        assertThat(env).isNotEmpty();
        assertThat(sdk.controllers()).containsKey(SlaTuningReconciler.NAME);
        assertThat(sdk.controllers().get(SlaTuningReconciler.NAME).namespaces()).contains(List.of("team-a", "team-b"));
    }
}
