package dev.slatune;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Enforces the package table of docs/architecture.md on the compiled main classes. Each rule is an
 * allow-list (a class of the package may depend only on these packages) and, as ArchUnit does by
 * default, fails when the package has no class: a package that moves or vanishes fails here instead
 * of passing silently.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.slatune");

    /** The JDK: java.* and the management extensions the load engine reads its CPU time from. */
    private static final String[] JDK = {"java..", "com.sun.management.."};

    private static final String JACKSON = "com.fasterxml.jackson..";
    private static final String VERTX = "io.vertx..";

    /** Package -> what its classes may depend on, besides the JDK and themselves (the table of architecture.md). */
    static final Map<String, List<String>> ALLOWED = Map.of(
            "sla", List.of(),
            "plan", List.of("dev.slatune.search..", "dev.slatune.sla.."),
            "search", List.of("dev.slatune.sla..", "dev.slatune.metrics..", "org.HdrHistogram.."),
            "json", List.of(JACKSON),
            "metrics", List.of("dev.slatune.json..", "org.HdrHistogram..", JACKSON),
            "load", List.of("dev.slatune.metrics..", "dev.slatune.json..", VERTX, "io.netty..", JACKSON, "ai.djl.."),
            "simulator", List.of(VERTX, "io.netty.."),
            "api", List.of("io.fabric8..", JACKSON, "dev.slatune.plan.."),
            "operator",
                    List.of(
                            "dev.slatune.api..",
                            "dev.slatune.plan..",
                            "dev.slatune.search..",
                            "dev.slatune.sla..",
                            "dev.slatune.metrics..",
                            "dev.slatune.json..",
                            "io.fabric8..",
                            "io.javaoperatorsdk..",
                            "io.micrometer..",
                            "io.smallrye.config..",
                            "io.quarkus..",
                            "jakarta..",
                            "org.jboss.logging..",
                            JACKSON),
            "cli",
                    List.of(
                            "dev.slatune..",
                            "picocli..",
                            "io.quarkus..",
                            "io.javaoperatorsdk..",
                            "jakarta..",
                            JACKSON,
                            VERTX));

    static Stream<String> packages() {
        return ALLOWED.keySet().stream().sorted();
    }

    static ArchRule rule(String pkg) {
        List<String> allowed = new ArrayList<>(ALLOWED.get(pkg));
        allowed.addAll(List.of(JDK));
        allowed.add("dev.slatune." + pkg + "..");
        return classes()
                .that()
                .resideInAPackage("dev.slatune." + pkg + "..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(allowed.toArray(String[]::new))
                .as(pkg + " depends only on " + allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void packageDependsOnlyOnWhatTheTableAllows(String pkg) {
        rule(pkg).check(MAIN);
    }

    @Test
    void everyMainClassIsInAPackageOfTheTable() {
        String[] known =
                ALLOWED.keySet().stream().map(p -> "dev.slatune." + p + "..").toArray(String[]::new);
        classes().should().resideInAnyPackage(known).check(MAIN);
    }

    @Test
    void theRulesFailOnARuleThatMatchesNothing() {
        // The guard against a rule that passes because its package moved: without allowEmptyShould(true)
        // ArchUnit refuses a "that" clause that selects no class.
        ArchRule moved = classes()
                .that()
                .resideInAPackage("dev.slatune.nosuchpackage..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(JDK);
        assertThatThrownBy(() -> moved.check(MAIN))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed to check any classes");
    }

    @Test
    void theRulesCatchAForbiddenDependency() {
        // search uses metrics: an allow-list without metrics must flag it (the rules are not vacuous).
        ArchRule searchWithoutMetrics = classes()
                .that()
                .resideInAPackage("dev.slatune.search..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.slatune.search..");
        assertThatThrownBy(() -> searchWithoutMetrics.check(MAIN)).isInstanceOf(AssertionError.class);
    }
}
