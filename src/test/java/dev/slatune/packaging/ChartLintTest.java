package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helm lint --strict} on the chart as shipped and on copies whose values.yaml carries
 * non-default values (lint reads only the chart's own values file).
 */
class ChartLintTest {

    @Test
    void chartAsShippedLintsCleanlyInStrictMode() {
        LintResult result = new Helm(Chart.DIR).lint().strict().call();

        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    static Stream<Map<String, Object>> nonDefaultValues() {
        return Stream.of(
                Map.of("watchNamespaces", List.of("team-a", "team-b")),
                Map.of("simulator", Map.of("enabled", true)),
                Map.of("metrics", Map.of("serviceMonitor", Map.of("enabled", true))),
                Map.of("rbac", Map.of("create", false), "serviceAccount", Map.of("create", false, "name", "ops")));
    }

    @ParameterizedTest
    @MethodSource("nonDefaultValues")
    void nonDefaultValuesLintCleanly(Map<String, Object> overrides, @TempDir Path tmp) throws IOException {
        Path chart = copyWithValues(tmp, overrides);

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
    }

    @Test
    void lintCatchesAValueTheSchemaRejects(@TempDir Path tmp) throws IOException {
        Path chart = copyWithValues(tmp, Map.of("operator", Map.of("maxParallel", -3)));

        LintResult result = new Helm(chart).lint().call();

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("maxParallel");
    }

    /** A copy of the chart whose values.yaml is the shipped one with {@code overrides} merged in. */
    static Path copyWithValues(Path tmp, Map<String, Object> overrides) throws IOException {
        Path target = tmp.resolve("slatune");
        try (Stream<Path> files = Files.walk(Chart.DIR)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(Chart.DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        Map<String, Object> values = Chart.readYaml(Chart.DIR.resolve("values.yaml"));
        Files.writeString(target.resolve("values.yaml"), Serialization.asYaml(merge(values, overrides)));
        return target;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        overrides.forEach((k, v) -> out.merge(
                k,
                v,
                (a, b) -> a instanceof Map && b instanceof Map
                        ? merge((Map<String, Object>) a, (Map<String, Object>) b)
                        : b));
        return out;
    }
}
