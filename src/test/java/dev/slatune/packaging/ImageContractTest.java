package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.api.SlaTuning;
import dev.slatune.cli.SlatuneCommand;
import dev.slatune.operator.LoadJobBuilder;
import dev.slatune.operator.LoadShare;
import dev.slatune.operator.OperatorSettings;
import dev.slatune.operator.ResolvedSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * One image, one jar, three uses: the chart, the operator and the jar agree on how it is run. The
 * arguments the chart gives the operator and the simulator, and those the operator gives each load
 * Job (built by the operator's own Job builder from the chart's settings and every example), are
 * parsed by the jar's real command line; the Jobs set only {@code args}, so the image's entrypoint
 * (the jar) stays in force, and they run the chart's image without an API token.
 */
class ImageContractTest {

    @Test
    void operatorAndSimulatorArgumentsAreCommandsOfTheJar() throws Exception {
        List<HasMetadata> all = Chart.render(
                Map.of("simulator", Map.of("enabled", true, "extraArgs", List.of("--slots=8", "--jitter=0.1"))));
        for (Deployment d : Chart.all(all, Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getCommand()).as("keep the image's entrypoint").isNullOrEmpty();
            assertParses(c.getArgs());
        }
        String cmd = Files.readAllLines(DockerfileTest.DOCKERFILE).stream()
                .filter(l -> l.startsWith("CMD "))
                .findFirst()
                .orElseThrow();
        assertParses(List.of(cmd.replaceAll("CMD \\[\"(\\w+)\"\\]", "$1")));
        for (Map<String, Object> doc : Examples.documents(Examples.DIR.resolve("try-it-out.yaml"))) {
            if ("Deployment".equals(doc.get("kind"))) {
                Deployment d = Serialization.unmarshal(Serialization.asYaml(doc), Deployment.class);
                assertParses(d.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs());
            }
        }
    }

    @Test
    void loadJobsOfEveryExampleRunTheChartsImageAndTheJarsLoadCommand() {
        for (Map<String, Object> values : List.<Map<String, Object>>of(
                Map.of(),
                Map.of("watchNamespaces", List.of("llm"), "image", Map.of("tag", "9.9.9", "pullPolicy", "Always")))) {
            Container operator = ChartTemplateTest.operator(Chart.render(values));
            OperatorSettings settings = settings(operator);
            for (Path file : Examples.files()) {
                for (Map<String, Object> doc : Examples.slaTunings(file)) {
                    SlaTuning r = Serialization.unmarshal(Serialization.asYaml(doc), SlaTuning.class);
                    r.getMetadata().setUid(UUID.randomUUID().toString());
                    r.getMetadata().setGeneration(1L);
                    ResolvedSpec spec = ResolvedSpec.of(r.getSpec(), settings);
                    LoadShare share = LoadShare.of(spec, spec.tuning().start()).get(0);

                    Job job = new LoadJobBuilder(settings)
                            .build(
                                    r,
                                    spec,
                                    dev.slatune.operator.JobKey.of(r, 1, 0, 0, 0, 0),
                                    spec.tuning().start(),
                                    share,
                                    null);

                    PodSpec pod = job.getSpec().getTemplate().getSpec();
                    Container load = pod.getContainers().get(0);
                    assertThat(load.getCommand())
                            .as(file + ": keep the image's entrypoint")
                            .isNullOrEmpty();
                    assertThat(load.getArgs().get(0)).isEqualTo("load");
                    assertParses(load.getArgs());
                    assertThat(load.getImage()).isEqualTo(operator.getImage());
                    assertThat(load.getImagePullPolicy()).isEqualTo(operator.getImagePullPolicy());
                    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
                    String account = spec.worker().getServiceAccountName();
                    assertThat(pod.getServiceAccountName())
                            .isEqualTo(
                                    account != null
                                            ? account
                                            : values.containsKey("watchNamespaces")
                                                    ? ChartTemplateTest.FULLNAME + "-worker"
                                                    : null);
                    if (spec.target().apiKeySecretRef() != null) {
                        assertThat(load.getEnv())
                                .filteredOn(e -> e.getName().equals("SLATUNE_API_KEY"))
                                .singleElement()
                                .satisfies(e -> {
                                    assertThat(e.getValueFrom()
                                                    .getSecretKeyRef()
                                                    .getName())
                                            .isEqualTo(spec.target()
                                                    .apiKeySecretRef()
                                                    .getName());
                                    assertThat(e.getValueFrom()
                                                    .getSecretKeyRef()
                                                    .getKey())
                                            .isEqualTo(spec.target()
                                                    .apiKeySecretRef()
                                                    .getKey());
                                });
                    }
                }
            }
        }
    }

    @Test
    void anArgumentTheJarDoesNotKnowIsCaught() {
        assertThatThrownBy(() ->
                        new CommandLine(SlatuneCommand.class).parseArgs("simulate", "--host=0.0.0.0", "--no-such-flag"))
                .hasMessageContaining("--no-such-flag");
        assertThatThrownBy(() -> new CommandLine(SlatuneCommand.class).parseArgs("serve"))
                .hasMessageContaining("serve");
    }

    /** The operator's settings as the chart's environment variables give them. */
    static OperatorSettings settings(Container operator) {
        Map<String, String> env = operator.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        return new OperatorSettings(
                env.get("SLATUNE_OPERATOR_WORKER_IMAGE"),
                Optional.ofNullable(env.get("SLATUNE_OPERATOR_WORKER_IMAGE_PULL_POLICY")),
                Optional.ofNullable(env.get("SLATUNE_OPERATOR_WORKER_SERVICE_ACCOUNT")),
                Integer.parseInt(env.get("SLATUNE_OPERATOR_MAX_PARALLEL")),
                Double.parseDouble(env.get("SLATUNE_OPERATOR_MAX_RATE")),
                Integer.parseInt(env.get("SLATUNE_OPERATOR_MAX_PODS_PER_PROBE")),
                Integer.parseInt(env.get("SLATUNE_OPERATOR_RETRIES")),
                Integer.parseInt(env.get("SLATUNE_OPERATOR_JOB_TIMEOUT_SECONDS")),
                Integer.parseInt(env.get("SLATUNE_OPERATOR_JOB_TTL_SECONDS")),
                60);
    }

    /** Parses arguments with the jar's own command line, as `java -jar quarkus-run.jar ARGS` would. */
    static void assertParses(List<String> args) {
        assertThatCode(() -> new CommandLine(SlatuneCommand.class)
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .parseArgs(args.toArray(String[]::new)))
                .as(String.join(" ", args))
                .doesNotThrowAnyException();
    }
}
