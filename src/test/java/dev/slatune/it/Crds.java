package dev.slatune.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Installs CustomResourceDefinitions in the control plane: the project's committed ones from
 * {@code crds/}, and the test-only ones from test resources. Waits until each is Established, so
 * that a test can create resources right away.
 */
public final class Crds {

    /** Where the operator's generated CRDs are committed. */
    static final Path COMMITTED = Path.of("crds");

    /** Used only while {@code crds/} holds no SlaTuning CRD yet. */
    static final String FALLBACK_SLATUNING = "/it/slatunings.slatune.dev-fallback.yaml";

    /** A small CRD of the tests' own, for schema validation and garbage collection cases. */
    static final String WIDGET = "/it/widgets.it.slatune.dev.yaml";

    private Crds() {}

    /** Applies the committed CRDs (or the fallback) and the test ones; idempotent. */
    public static List<CustomResourceDefinition> installAll(KubernetesClient client) {
        List<CustomResourceDefinition> crds = new ArrayList<>(committed(client));
        if (crds.stream().noneMatch(c -> c.getMetadata().getName().equals("slatunings.slatune.dev"))) {
            crds.addAll(fromResource(client, FALLBACK_SLATUNING));
        }
        crds.addAll(fromResource(client, WIDGET));
        crds.forEach(crd -> apply(client, crd));
        return crds;
    }

    /** The CRDs in {@code crds/}, in file-name order. */
    static List<CustomResourceDefinition> committed(KubernetesClient client) {
        if (!Files.isDirectory(COMMITTED)) {
            return List.of();
        }
        List<CustomResourceDefinition> crds = new ArrayList<>();
        try (Stream<Path> files = Files.list(COMMITTED)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml$"))
                    .sorted()
                    .toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    crds.addAll(crdsIn(client.load(in).items()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return crds;
    }

    private static List<CustomResourceDefinition> fromResource(KubernetesClient client, String name) {
        try (InputStream in = Crds.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return crdsIn(client.load(in).items());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CustomResourceDefinition> crdsIn(List<HasMetadata> items) {
        return items.stream()
                .filter(CustomResourceDefinition.class::isInstance)
                .map(CustomResourceDefinition.class::cast)
                .toList();
    }

    /** Whether the API server reports the CRD Established (its conditions may still be absent). */
    static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus()));
    }

    /** Creates or replaces one CRD, then waits for the API server to serve it. */
    static void apply(KubernetesClient client, CustomResourceDefinition crd) {
        crd.getMetadata().setResourceVersion(null);
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(crd)
                .forceConflicts()
                .serverSideApply();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crd.getMetadata().getName())
                .waitUntilCondition(
                        Crds::established,
                        Duration.ofSeconds(30).toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
