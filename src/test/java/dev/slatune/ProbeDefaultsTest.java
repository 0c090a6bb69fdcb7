package dev.slatune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.SlaTuning;
import dev.slatune.api.SlaTuningSpec;
import dev.slatune.api.TargetSpec;
import dev.slatune.api.TuningVariable;
import dev.slatune.cli.Main;
import dev.slatune.cli.SlatuneCommand;
import dev.slatune.operator.OperatorSettings;
import dev.slatune.operator.ResolvedSpec;
import dev.slatune.plan.ProbeDefaults;
import dev.slatune.plan.ProbeDefaults.Entry;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One defaults table ({@link ProbeDefaults}) for the CLI, the CRD and the docs: every command's flag
 * defaults to it, the generated CRD's field descriptions state it, {@code ResolvedSpec} applies it,
 * and docs/cli.md and docs/operator.md print it.
 */
class ProbeDefaultsTest {

    @Test
    void everyCommandWithTheFlagDefaultsToTheTable() {
        CommandLine root = Main.configure(new CommandLine(new SlatuneCommand()));
        int checked = 0;
        for (Entry e : ProbeDefaults.table()) {
            if (e.flag() == null) {
                continue;
            }
            for (CommandLine sub : root.getSubcommands().values()) {
                OptionSpec o = sub.getCommandSpec().findOption(e.flag());
                if (o != null && List.of("tune", "perf").contains(sub.getCommandName())) {
                    assertThat(same(o.defaultValue(), e.value()))
                            .as(
                                    "%s %s defaults to %s, the table says %s",
                                    sub.getCommandName(), e.flag(), o.defaultValue(), e.value())
                            .isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).as("flags checked on tune").isGreaterThanOrEqualTo(15);
    }

    @Test
    void theCrdDescribesEachDefaultOfTheTable() throws IOException {
        Path dir = Path.of("target", "crd-defaults-check");
        Files.createDirectories(dir);
        new CRDGenerator()
                .inOutputDir(dir.toFile())
                .forCRDVersions("v1")
                .customResourceClasses(SlaTuning.class)
                .generate();
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(dir.resolve("slatunings.slatune.dev-v1.yml")), CustomResourceDefinition.class);
        JSONSchemaProps spec = crd.getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec");
        for (Entry e : ProbeDefaults.table()) {
            if (e.field() == null) {
                continue;
            }
            JSONSchemaProps field = spec;
            for (String part : e.field().split("\\.")) {
                field = field.getProperties().get(part);
                assertThat(field).as("spec.%s in the CRD", e.field()).isNotNull();
            }
            assertThat(field.getDescription()).as("spec.%s", e.field()).contains("Default " + e.value() + ".");
        }
    }

    @Test
    void theOperatorAppliesTheTable() {
        SlaTuningSpec s = new SlaTuningSpec();
        TargetSpec t = new TargetSpec();
        t.setUrl("http://vllm:8000/v1/chat/completions");
        t.setModel("m");
        s.setTarget(t);
        s.setVariable(TuningVariable.PARALLEL);
        s.setRules(List.of(Map.of("p99_latency", "<=2")));
        ResolvedSpec r = ResolvedSpec.of(s, OperatorSettings.defaults("image"));
        Map<String, Object> applied = new LinkedHashMap<>();
        applied.put("target.api", r.target().api().key());
        applied.put("workload.dataset", r.workload().dataset().key());
        applied.put("workload.minPromptLength", r.workload().minPromptLength());
        applied.put("workload.prefixLength", r.workload().prefixLength());
        applied.put("workload.maxTokens", r.workload().maxTokens());
        applied.put("workload.stream", r.workload().stream());
        applied.put("workload.seed", r.workload().seed());
        applied.put("lowerBound", r.tuning().lowerBound());
        applied.put("upperBound", r.tuning().upperBound());
        applied.put("start", r.tuning().start());
        applied.put("numRuns", r.tuning().numRuns());
        applied.put("probe.warmupRequests", r.runs().warmupRequests());
        applied.put("probe.cooldownSeconds", r.runs().cooldownSeconds());
        applied.put("strategy", r.tuning().strategy().key());
        for (Entry e : ProbeDefaults.table()) {
            if (applied.containsKey(e.field())) {
                assertThat(same(String.valueOf(applied.get(e.field())), e.value()))
                        .as(e.field())
                        .isTrue();
            }
        }
        assertThat(r.requestsAt(7)).isEqualTo(7L * ProbeDefaults.NUMBER_MULTIPLIER);
    }

    @Test
    void theDocsPrintTheTable() throws IOException {
        Map<String, List<String>> cli = rows(Path.of("docs/cli.md"), "## Probe defaults");
        Map<String, List<String>> operator = rows(Path.of("docs/operator.md"), "## Spec");
        for (Entry e : ProbeDefaults.table()) {
            List<String> row = cli.get(e.setting());
            assertThat(row)
                    .as("a row '%s' in docs/cli.md's Probe defaults", e.setting())
                    .isNotNull();
            assertThat(row)
                    .containsExactly(
                            e.setting(),
                            e.flag() == null ? "-" : "`" + e.flag() + "`",
                            e.field() == null ? "-" : "`" + e.field() + "`",
                            "`" + e.value() + "`");
            if (e.field() != null && operator.containsKey("`" + e.field() + "`")) {
                List<String> spec = operator.get("`" + e.field() + "`");
                assertThat(spec.get(spec.size() - 1))
                        .as("docs/operator.md, spec.%s", e.field())
                        .startsWith(e.value());
            }
        }
        assertThat(cli).hasSize(ProbeDefaults.table().size());
    }

    /** The rows of the first table after {@code heading}, by their first cell. */
    static Map<String, List<String>> rows(Path file, String heading) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int start = lines.indexOf(heading);
        assertThat(start).as("'%s' in %s", heading, file).isNotNegative();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("|")) {
                inTable = true;
                List<String> cells = new ArrayList<>();
                for (String c : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(c.trim());
                }
                if (!cells.get(0).startsWith("---")
                        && !line.startsWith("| setting |")
                        && !line.startsWith("| field |")) {
                    rows.put(cells.get(0), cells);
                }
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    /** Equal as numbers when both are numbers, else as text. */
    static boolean same(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException | NullPointerException e) {
            return a != null && a.equals(b);
        }
    }
}
