package dev.slatune.packaging;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart under test, rendered by the real Helm engine (helm-java's native library) and parsed
 * into Fabric8 objects, so tests look at what a cluster would receive.
 */
final class Chart {

    /** The chart's directory, found from the module root (the tests' working directory). */
    static final Path DIR = Path.of("helm", "slatune").toAbsolutePath();

    static final String RELEASE = "slat";
    static final String NAMESPACE = "slatune-system";

    private Chart() {}

    /**
     * Renders the chart's templates with a values file holding {@code values} (nested maps and
     * lists, as in values.yaml; a file rather than {@code --set}, which cannot express lists).
     *
     * @throws IllegalStateException when Helm refuses, for example a value the schema rejects
     */
    static List<HasMetadata> render(Map<String, Object> values) {
        return parse(renderYaml(values, NAMESPACE));
    }

    /** Renders for a release in {@code namespace}. */
    static List<HasMetadata> render(Map<String, Object> values, String namespace) {
        return parse(renderYaml(values, namespace));
    }

    /** The rendered multi-document YAML. */
    static String renderYaml(Map<String, Object> values) {
        return renderYaml(values, NAMESPACE);
    }

    /** The rendered multi-document YAML of a release in {@code namespace}. */
    static String renderYaml(Map<String, Object> values, String namespace) {
        Path file = valuesFile(values);
        try {
            TemplateCommand template = new Helm(DIR)
                    .template()
                    .withName(RELEASE)
                    .withNamespace(namespace)
                    .withValuesFile(file);
            return template.call();
        } finally {
            file.toFile().delete();
        }
    }

    /** Writes values to a temporary YAML file. */
    static Path valuesFile(Map<String, Object> values) {
        try {
            Path file = Files.createTempFile("slatune-values", ".yaml");
            Files.writeString(file, Serialization.asYaml(values));
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Parses multi-document YAML; kinds Fabric8 does not model come back as generic resources. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            Object parsed = Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
            if (parsed instanceof HasMetadata resource) {
                out.add(resource);
            } else {
                throw new IllegalStateException("not a Kubernetes resource: " + doc);
            }
        }
        return out;
    }

    /** The one resource of a kind and name, or empty. */
    static <T extends HasMetadata> Optional<T> find(List<HasMetadata> resources, Class<T> type, String name) {
        return resources.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst();
    }

    /** Every resource of a kind. */
    static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A YAML file as nested maps and lists. */
    static Map<String, Object> readYaml(Path file) {
        try {
            return parseYamlMap(Files.readString(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One YAML document as nested (mutable) maps and lists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseYamlMap(String yaml) {
        return Serialization.unmarshal(yaml, java.util.LinkedHashMap.class);
    }

    /** The CRD files the chart installs from its crds/ directory. */
    static List<Path> crdFiles() throws java.io.IOException {
        try (var files = Files.list(DIR.resolve("crds"))) {
            return files.filter(
                            p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }
}
