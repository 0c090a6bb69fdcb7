package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json makes Helm refuse a bad value before anything reaches the cluster. */
class ChartSchemaTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(Map.of("operator", Map.of("maxParallel", 0)), "maxParallel"),
                Arguments.of(Map.of("operator", Map.of("maxParallel", "lots")), "maxParallel"),
                Arguments.of(Map.of("operator", Map.of("maxRate", -1)), "maxRate"),
                Arguments.of(Map.of("operator", Map.of("logLevel", "CHATTY")), "logLevel"),
                Arguments.of(Map.of("image", Map.of("pullPolicy", "Sometimes")), "pullPolicy"),
                Arguments.of(Map.of("image", Map.of("digest", "latest")), "digest"),
                Arguments.of(Map.of("watchNamespaces", List.of("Team_A")), "watchNamespaces"),
                Arguments.of(Map.of("watchNamespaces", "team-a"), "watchNamespaces"),
                Arguments.of(Map.of("simulator", Map.of("port", 80)), "port"),
                Arguments.of(Map.of("metrics", Map.of("serviceMonitor", Map.of("interval", "soon"))), "interval"),
                Arguments.of(Map.of("imagePullSecrets", List.of("regcred")), "imagePullSecrets"),
                // A typo is an error, not a silently ignored key.
                Arguments.of(Map.of("simulator", Map.of("enable", true)), "enable"),
                Arguments.of(Map.of("watchNamespace", List.of("team-a")), "watchNamespace"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void rejectsBadValue(Map<String, Object> values, String field) {
        assertThatThrownBy(() -> Chart.render(values))
                .hasMessageContaining("schema")
                .hasMessageContaining(field);
    }

    @ParameterizedTest
    @MethodSource("goodValues")
    void acceptsGoodValue(Map<String, Object> values) {
        assertThat(Chart.render(values)).isNotEmpty();
    }

    static Stream<Map<String, Object>> goodValues() {
        return Stream.of(
                Map.of("operator", Map.of("maxParallel", 1, "maxRate", 0.5)),
                Map.of("watchNamespaces", List.of("a", "team-b2")),
                Map.of("replicaCount", 2, "resources", Map.of("requests", Map.of("cpu", 1, "memory", "1Gi"))),
                Map.of("global", Map.of("anything", "from a parent chart")));
    }
}
