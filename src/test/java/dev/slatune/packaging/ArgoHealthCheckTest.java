package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health check for SlaTunings, run by a real Lua interpreter the way Argo CD runs it:
 * a chunk with a global {@code obj} that returns {@code {status, message}}. Needs {@code lua}
 * (Debian: lua5.4); without one the Lua cases are skipped with a message saying so.
 */
class ArgoHealthCheckTest {

    static final Path SCRIPT = Path.of("examples", "gitops", "slatuning-health.lua");
    static final Path CONFIG_MAP = Path.of("examples", "gitops", "argocd-cm-health.yaml");
    static final String KEY = "resource.customizations.health.slatune.dev_SlaTuning";

    static Optional<String> lua;

    @BeforeAll
    static void findLua() {
        lua = Stream.of("lua", "lua5.4", "lua5.3")
                .filter(ArgoHealthCheckTest::runs)
                .findFirst();
    }

    @Test
    void configMapCarriesTheScriptVerbatim() throws IOException {
        Map<String, Object> cm = Chart.readYaml(CONFIG_MAP);
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) cm.get("data");

        assertThat(data.get(KEY)).isEqualTo(Files.readString(SCRIPT));
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("no status yet", null, "Progressing", "Waiting for the slatune operator"),
                Arguments.of("pending", status(1, "Pending", null), "Progressing", "Pending"),
                Arguments.of(
                        "running, with the Progressing message",
                        with(
                                status(1, "Running", null),
                                "conditions",
                                List.of(condition("Progressing", "True", "measuring parallel=8, run 1"))),
                        "Progressing",
                        "measuring parallel=8, run 1"),
                Arguments.of("succeeded", status(1, "Succeeded", "5"), "Healthy", "Max satisfied: 5"),
                Arguments.of(
                        "succeeded, one group satisfied at no value",
                        with(
                                status(1, "Succeeded", "5,none"),
                                "conditions",
                                List.of(
                                        condition("Ready", "True", "ok"),
                                        condition("SlaSatisfied", "False", "satisfied at no value: p99_ttft < 0.01"))),
                        "Healthy",
                        "Max satisfied: 5,none (satisfied at no value: p99_ttft < 0.01)"),
                Arguments.of(
                        "succeeded for an older spec",
                        status(0, "Succeeded", "5"),
                        "Progressing",
                        "observe generation 1"),
                Arguments.of(
                        "no observedGeneration",
                        with(status(1, "Running", null), "observedGeneration", null),
                        "Progressing",
                        "observe generation 1"),
                Arguments.of(
                        "capacity gate failed",
                        with(
                                status(1, "Failed", "3"),
                                "conditions",
                                List.of(
                                        condition("Ready", "False", ""),
                                        condition("SlaSatisfied", "False", "max satisfied 3 is below minSatisfied 8"))),
                        "Degraded",
                        "below minSatisfied 8"),
                Arguments.of("failed for an older spec", status(0, "Failed", "3"), "Progressing", "generation"),
                Arguments.of(
                        "error",
                        with(
                                status(1, "Error", null),
                                "conditions",
                                List.of(condition("Ready", "False", "spec.upperBound: 5000 exceeds maxParallel 1024"))),
                        "Degraded",
                        "spec.upperBound"),
                Arguments.of("a phase from the future", status(1, "Paused", null), "Unknown", "Paused"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void mapsStatusToHealth(String name, Map<String, Object> status, String health, String message, @TempDir Path tmp)
            throws Exception {
        Assumptions.assumeTrue(
                lua.isPresent(),
                "no Lua interpreter on PATH (install Debian's lua5.4): the Argo CD health check is not run");
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("apiVersion", "slatune.dev/v1alpha1");
        obj.put("kind", "SlaTuning");
        obj.put("metadata", Map.of("name", "chat", "namespace", "llm", "generation", 1));
        if (status != null) {
            obj.put("status", status);
        }

        String[] result = run(obj, tmp);

        assertThat(result[0]).isEqualTo(health);
        assertThat(result[1]).contains(message);
    }

    /** Runs the script on {@code obj} and returns {status, message}. */
    static String[] run(Map<String, Object> obj, Path tmp) throws IOException, InterruptedException {
        Path harness = tmp.resolve("harness.lua");
        Files.writeString(
                harness,
                "obj = " + LuaTable.of(obj) + "\n"
                        + "local hs = dofile("
                        + LuaTable.of(SCRIPT.toAbsolutePath().toString()) + ")\n"
                        + "io.write(hs.status, '\\t', hs.message or '')\n");
        Process p = new ProcessBuilder(lua.orElseThrow(), harness.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.split("\t", 2);
    }

    static Map<String, Object> status(long observedGeneration, String phase, String result) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("observedGeneration", observedGeneration);
        s.put("phase", phase);
        if (result != null) {
            s.put("result", result);
        }
        return s;
    }

    static Map<String, Object> with(Map<String, Object> status, String key, Object value) {
        if (value == null) {
            status.remove(key);
        } else {
            status.put(key, value);
        }
        return status;
    }

    static Map<String, Object> condition(String type, String status, String message) {
        return Map.of("type", type, "status", status, "reason", "Test", "message", message, "observedGeneration", 1);
    }

    private static boolean runs(String command) {
        try {
            Process p =
                    new ProcessBuilder(command, "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
