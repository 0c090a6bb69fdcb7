package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image definition agrees with the chart that runs it: a current Java runtime, the numeric
 * non-root user the chart's securityContext names, `operator` as the default command, the Quarkus
 * fast-jar layout, and the chart's default image as the documented build tag. (No Docker engine
 * here, so the image itself is not built in the tests.)
 */
class DockerfileTest {

    static final Path DOCKERFILE = Path.of("src", "main", "docker", "Dockerfile.jvm");

    @Test
    void runsAsTheChartsNonRootUserOnACurrentJava() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        String from = instruction(lines, "FROM");
        Matcher java =
                Pattern.compile("(?:openjdk-|temurin:|jdk-?|jre-?)(\\d+)").matcher(from);
        assertThat(java.find()).as("a Java version in " + from).isTrue();
        assertThat(Integer.parseInt(java.group(1))).isGreaterThanOrEqualTo(17);

        String user = instruction(lines, "USER").split(":")[0];
        assertThat(user).matches("\\d+");
        Map<String, Object> values = Chart.readYaml(Chart.DIR.resolve("values.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> pod = (Map<String, Object>) values.get("podSecurityContext");
        assertThat(Long.parseLong(user)).isPositive().isEqualTo(((Number) pod.get("runAsUser")).longValue());
    }

    @Test
    void defaultCommandIsTheOperatorAndArgsReplaceOnlyIt() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        assertThat(instruction(lines, "CMD")).isEqualTo("[\"operator\"]");
        // The entrypoint hands its arguments to the jar, so a Job's `args: [load, ...]` works.
        assertThat(instruction(lines, "ENTRYPOINT")).contains("quarkus-run.jar").contains("\\\"$@\\\"");
    }

    @Test
    void copiesTheQuarkusFastJarLayout() throws IOException {
        String text = Files.readString(DOCKERFILE);
        for (String dir : List.of("lib/", "app/", "quarkus/", "*.jar")) {
            assertThat(text).contains("target/quarkus-app/" + dir);
        }
    }

    @Test
    void documentedBuildTagIsTheChartsDefaultImage() throws IOException {
        Map<String, Object> chart = Chart.readYaml(Chart.DIR.resolve("Chart.yaml"));
        Map<String, Object> values = Chart.readYaml(Chart.DIR.resolve("values.yaml"));
        @SuppressWarnings("unchecked")
        String repository = (String) ((Map<String, Object>) values.get("image")).get("repository");
        String tag = repository + ":" + chart.get("appVersion");

        assertThat(Files.readString(DOCKERFILE))
                .contains("docker build -f src/main/docker/Dockerfile.jvm -t " + tag + " .");
    }

    /** The argument of the last instruction of a kind (the one in force). */
    static String instruction(List<String> lines, String keyword) {
        String found = null;
        for (String line : lines) {
            if (line.startsWith(keyword + " ")) {
                found = line.substring(keyword.length() + 1).trim();
            }
        }
        assertThat(found).as(keyword + " in " + DOCKERFILE).isNotNull();
        return found;
    }
}
