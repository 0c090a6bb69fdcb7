package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs the CRD from its own crds/ directory (Helm cannot read files outside the
 * chart), so that copy must be byte for byte the CRD generated from the API model into crds/.
 */
class CrdCopyTest {

    static final Path GENERATED = Path.of("crds");

    @Test
    void chartCarriesExactlyTheGeneratedCrds() throws IOException {
        List<Path> generated = yamlFiles(GENERATED);
        List<Path> copies = Chart.crdFiles();

        assertThat(generated).as("generated CRDs in crds/").isNotEmpty();
        assertThat(copies.stream().map(p -> p.getFileName().toString()))
                .as("the chart's crds/ has the same files as crds/")
                .containsExactlyElementsOf(
                        generated.stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : generated) {
            assertThat(Files.readString(Chart.DIR.resolve("crds").resolve(file.getFileName())))
                    .as(
                            "helm/slatune/crds/%s is out of date: cp crds/%s helm/slatune/crds/",
                            file.getFileName(), file.getFileName())
                    .isEqualTo(Files.readString(file));
        }
    }

    static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }
}
