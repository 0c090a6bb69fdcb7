package dev.slatune.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for ITs against the real control plane: starts it once per JVM (see
 * {@link ControlPlane}), installs the CRDs once, gives each test class its own namespace and
 * injects a {@link KubernetesClient}, the {@link TestNamespace} and the {@link ControlPlane} into
 * test constructors, lifecycle and test methods.
 */
public class ControlPlaneExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace STORE =
            ExtensionContext.Namespace.create(ControlPlaneExtension.class);
    private static boolean crdsInstalled;

    @Override
    public void beforeAll(ExtensionContext context) {
        ControlPlane plane = ControlPlane.get();
        KubernetesClient client = plane.newClient();
        installCrdsOnce(client);
        String ns = namespaceFor(context.getRequiredTestClass());
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
        ExtensionContext.Store store = context.getStore(STORE);
        store.put(KubernetesClient.class, client);
        store.put(TestNamespace.class, new TestNamespace(ns));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(STORE);
        KubernetesClient client = store.remove(KubernetesClient.class, KubernetesClient.class);
        TestNamespace ns = store.remove(TestNamespace.class, TestNamespace.class);
        if (client != null) {
            // Deletion finishes in the background (the namespace controller); names never repeat.
            client.namespaces().withName(ns.name()).delete();
            client.close();
        }
    }

    private static synchronized void installCrdsOnce(KubernetesClient client) {
        if (!crdsInstalled) {
            Crds.installAll(client);
            crdsInstalled = true;
        }
    }

    /** A DNS-1123 label from the class name and a random suffix. */
    static String namespaceFor(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        base = base.substring(0, Math.min(base.length(), 40));
        return base + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == KubernetesClient.class || type == TestNamespace.class || type == ControlPlane.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        if (type == ControlPlane.class) {
            return ControlPlane.get();
        }
        Object value = storeOf(e).get(type);
        if (value == null) {
            throw new ParameterResolutionException(type.getSimpleName() + " is available only after beforeAll");
        }
        return value;
    }

    private static ExtensionContext.Store storeOf(ExtensionContext e) {
        // A method's store also finds what the class-level beforeAll put in the class's store.
        return e.getStore(STORE);
    }
}
