package dev.slatune;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Enforces the package dependency rules of DESIGN.md on the compiled main classes. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.slatune");

    private static final String[] FRAMEWORKS = {"io.fabric8..", "io.javaoperatorsdk..", "io.quarkus..",
        "io.quarkiverse..", "jakarta..", "io.vertx..", "io.netty..", "picocli.."};

    @Test
    void pureCoreImportsNoFramework() {
        noClasses().that().resideInAnyPackage("dev.slatune.sla..", "dev.slatune.search..", "dev.slatune.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void slaImportsOnlyTheJdk() {
        noClasses().that().resideInAPackage("dev.slatune.sla..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slatune.search..", "dev.slatune.metrics..",
                        "dev.slatune.load..", "dev.slatune.simulator..", "dev.slatune.api..", "dev.slatune.operator..",
                        "dev.slatune.cli..", "com.fasterxml..", "org.HdrHistogram..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void searchImportsOnlySlaAndMetrics() {
        noClasses().that().resideInAPackage("dev.slatune.search..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slatune.load..", "dev.slatune.simulator..",
                        "dev.slatune.api..", "dev.slatune.operator..", "dev.slatune.cli..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void metricsImportsNoOtherSlatunePackage() {
        noClasses().that().resideInAPackage("dev.slatune.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slatune.sla..", "dev.slatune.search..",
                        "dev.slatune.load..", "dev.slatune.simulator..", "dev.slatune.api..", "dev.slatune.operator..",
                        "dev.slatune.cli..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void loadImportsOnlyMetrics() {
        noClasses().that().resideInAPackage("dev.slatune.load..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slatune.sla..", "dev.slatune.search..",
                        "dev.slatune.simulator..", "dev.slatune.api..", "dev.slatune.operator..", "dev.slatune.cli..",
                        "io.fabric8..", "io.javaoperatorsdk..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void operatorNeverUsesLoadOrSimulator() {
        noClasses().that().resideInAnyPackage("dev.slatune.operator..", "dev.slatune.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slatune.load..", "dev.slatune.simulator..",
                        "dev.slatune.cli..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void simulatorIsSelfContained() {
        noClasses().that().resideInAPackage("dev.slatune.simulator..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slatune.sla..", "dev.slatune.search..",
                        "dev.slatune.load..", "dev.slatune.api..", "dev.slatune.operator..", "dev.slatune.cli..",
                        "io.fabric8..", "io.javaoperatorsdk..")
                .allowEmptyShould(true)
                .check(MAIN);
    }
}
