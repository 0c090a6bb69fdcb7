package dev.slatune;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pure tiers run alone in seconds only if every test that needs the real clock and real sockets
 * says so: a {@code *Test} class that starts a simulator, runs the load engine, opens HTTP
 * connections or boots Quarkus carries {@link RealTime}, and one that does none of it does not.
 */
class TestTiersTest {

    /** What makes a test real-time: using any of these (directly or from its nested classes). */
    static final Set<String> REAL_TIME = Set.of(
            "dev.slatune.simulator.SimulatorServer",
            "dev.slatune.load.LoadRunner",
            "dev.slatune.load.FakeLlmServer",
            "dev.slatune.simulator.SimHttp",
            "io.quarkus.test.junit.QuarkusTest",
            "java.net.http.HttpClient",
            "java.net.ServerSocket",
            "io.vertx.core.http.HttpServer");

    @Test
    void realTimeTestsAndOnlyThoseAreTagged() {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.slatune");
        TreeMap<String, Boolean> needs = new TreeMap<>();
        for (JavaClass c : tests) {
            if (!c.isTopLevelClass() || !c.getSimpleName().endsWith("Test")) {
                continue;
            }
            needs.put(
                    c.getName(),
                    tests.stream()
                            .filter(n -> n.equals(c) || n.getName().startsWith(c.getName() + "$"))
                            .flatMap(n -> n.getDirectDependenciesFromSelf().stream())
                            .map(Dependency::getTargetClass)
                            .anyMatch(t -> REAL_TIME.contains(t.getName())));
        }
        TreeSet<String> untagged = new TreeSet<>();
        TreeSet<String> needlesslyTagged = new TreeSet<>();
        needs.forEach((name, realTime) -> {
            boolean tagged = tests.get(name).isAnnotatedWith(RealTime.class);
            if (realTime && !tagged) {
                untagged.add(name);
            } else if (!realTime && tagged) {
                needlesslyTagged.add(name);
            }
        });
        assertThat(untagged).as("real-time tests without @RealTime").isEmpty();
        assertThat(needlesslyTagged)
                .as("@RealTime tests that use nothing real-time")
                .isEmpty();
        List<String> realTime = needs.entrySet().stream()
                .filter(e -> e.getValue())
                .map(e -> e.getKey())
                .collect(Collectors.toList());
        assertThat(realTime)
                .as("the rule finds the real-time tests")
                .hasSizeGreaterThanOrEqualTo(10)
                .contains(TestTiersTest.class.getPackageName() + ".cli.TuneCommandTest");
        assertThat(needs).containsEntry(TestTiersTest.class.getPackageName() + ".plan.ProbePlanTest", false);
    }
}
