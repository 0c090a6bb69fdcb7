package dev.slatune.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The manifests under examples/, and the SlaTuning CRD they are written against. */
final class Examples {

    static final Path DIR = Path.of("examples");
    static final Path CRD = Chart.DIR.resolve("crds").resolve("slatunings.slatune.dev-v1.yml");

    private Examples() {}

    /** Every YAML file under examples/, sorted. */
    static List<Path> files() {
        try (Stream<Path> files = Files.walk(DIR)) {
            return files.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one file, as maps. */
    static List<Map<String, Object>> documents(Path file) {
        try {
            List<Map<String, Object>> out = new ArrayList<>();
            for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                if (doc.lines().anyMatch(l -> !l.isBlank() && !l.trim().startsWith("#"))) {
                    out.add(Chart.parseYamlMap(doc));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SlaTuning documents of one file. */
    static List<Map<String, Object>> slaTunings(Path file) {
        return documents(file).stream()
                .filter(d -> "SlaTuning".equals(d.get("kind")))
                .toList();
    }

    /** The CRD's openAPIV3Schema of its one served version. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> schema() {
        Map<String, Object> crd = Chart.readYaml(CRD);
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        List<Map<String, Object>> versions = (List<Map<String, Object>>) spec.get("versions");
        Map<String, Object> version = versions.stream()
                .filter(v -> Boolean.TRUE.equals(v.get("served")))
                .findFirst()
                .orElseThrow();
        return (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");
    }

    /** group/version of the CRD's served version. */
    @SuppressWarnings("unchecked")
    static String apiVersion() {
        Map<String, Object> spec = (Map<String, Object>) Chart.readYaml(CRD).get("spec");
        List<Map<String, Object>> versions = (List<Map<String, Object>>) spec.get("versions");
        return spec.get("group") + "/"
                + versions.stream()
                        .filter(v -> Boolean.TRUE.equals(v.get("served")))
                        .findFirst()
                        .orElseThrow()
                        .get("name");
    }
}
