package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every SLATUNE_OPERATOR_* variable the chart sets is a setting the operator reads (a method of its
 * {@code slatune.operator} config mapping), so a renamed setting cannot leave the chart configuring
 * nothing; and every guard rail of the operator is a chart value.
 */
class OperatorConfigAlignmentTest {

    static final String PREFIX = "SLATUNE_OPERATOR_";

    @Test
    void everyVariableTheChartSetsIsAnOperatorSetting() {
        Set<String> settings = Arrays.stream(OperatorConfig.class.getMethods())
                .filter(m -> m.getParameterCount() == 0 && !m.isDefault())
                .map(Method::getName)
                .collect(Collectors.toSet());
        for (Map<String, Object> values :
                List.<Map<String, Object>>of(Map.of(), Map.of("watchNamespaces", List.of("team-a")))) {
            List<String> variables = ChartTemplateTest.operator(Chart.render(values)).getEnv().stream()
                    .map(EnvVar::getName)
                    .filter(n -> n.startsWith(PREFIX))
                    .toList();

            assertThat(variables)
                    .isNotEmpty()
                    .allSatisfy(v -> assertThat(settings).as(v).contains(camel(v.substring(PREFIX.length()))));
        }
    }

    @Test
    void guardRailsAreChartValues() {
        List<String> variables = ChartTemplateTest.operator(Chart.render(Map.of())).getEnv().stream()
                .map(EnvVar::getName)
                .toList();

        assertThat(variables)
                .contains(
                        "SLATUNE_OPERATOR_MAX_PARALLEL",
                        "SLATUNE_OPERATOR_MAX_RATE",
                        "SLATUNE_OPERATOR_MAX_PODS_PER_PROBE");
        for (String rail : List.of("maxParallel", "maxRate", "maxPodsPerProbe")) {
            assertThat(settings()).contains(rail);
        }
    }

    @Test
    void everyVariableTheChartSetsIsDocumented() throws java.io.IOException {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("docs/operator.md"));
        String table = page.substring(page.indexOf("## Operator configuration"));
        List<String> variables =
                ChartTemplateTest.operator(Chart.render(Map.of("watchNamespaces", List.of("a")))).getEnv().stream()
                        .map(EnvVar::getName)
                        .filter(n -> n.startsWith(PREFIX) || n.startsWith("QUARKUS_OPERATOR_SDK"))
                        .toList();

        assertThat(variables).isNotEmpty().allSatisfy(v -> assertThat(table).contains("`" + v + "`"));
    }

    static Set<String> settings() {
        return Arrays.stream(OperatorConfig.class.getMethods())
                .map(Method::getName)
                .collect(Collectors.toSet());
    }

    /** MAX_PODS_PER_PROBE -> maxPodsPerProbe, the method behind slatune.operator.max-pods-per-probe. */
    static String camel(String env) {
        StringBuilder out = new StringBuilder();
        for (String part : env.toLowerCase().split("_")) {
            out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }
}
