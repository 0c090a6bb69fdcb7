package dev.slatune.it.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a container's environment and arguments the way the kubelet does: {@code envFrom}
 * first, then {@code env} in order; {@code valueFrom} read from Secrets, ConfigMaps and the pod's
 * own fields; {@code $(NAME)} references in values, command and args expanded against the
 * variables defined so far ({@code $$} escapes, unknown references stay as written).
 */
public final class PodEnvironment {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    private final KubernetesClient client;

    public PodEnvironment(KubernetesClient client) {
        this.client = client;
    }

    /** The launch for the pod's first container. */
    public ContainerLaunch resolve(Pod pod) throws ContainerConfigException {
        Container c = pod.getSpec().getContainers().get(0);
        Map<String, String> env = environment(pod, c);
        String path = c.getTerminationMessagePath() == null ? "/dev/termination-log" : c.getTerminationMessagePath();
        return new ContainerLaunch(
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                c.getName(),
                c.getImage(),
                expandAll(c.getCommand(), env),
                expandAll(c.getArgs(), env),
                env,
                path,
                "FallbackToLogsOnError".equals(c.getTerminationMessagePolicy()));
    }

    Map<String, String> environment(Pod pod, Container c) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            Map<String, String> values = new LinkedHashMap<>();
            if (from.getSecretRef() != null) {
                Secret s = client.secrets()
                        .inNamespace(ns)
                        .withName(from.getSecretRef().getName())
                        .get();
                if (s == null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    throw new ContainerConfigException(
                            "secret \"" + from.getSecretRef().getName() + "\" not found");
                }
                if (s != null) {
                    secretData(s).forEach(values::put);
                }
            } else if (from.getConfigMapRef() != null) {
                ConfigMap m = client.configMaps()
                        .inNamespace(ns)
                        .withName(from.getConfigMapRef().getName())
                        .get();
                if (m == null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                    throw new ContainerConfigException(
                            "configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                }
                if (m != null && m.getData() != null) {
                    values.putAll(m.getData());
                }
            }
            values.forEach((k, v) -> env.put(prefix + k, v));
        }
        for (EnvVar var : c.getEnv()) {
            String value = var.getValueFrom() != null
                    ? valueFrom(pod, var.getName(), var.getValueFrom())
                    : expand(var.getValue() == null ? "" : var.getValue(), env);
            if (value != null) {
                env.put(var.getName(), value);
            }
        }
        return env;
    }

    /** One {@code valueFrom}; null when an optional source is missing (the variable is then unset). */
    private String valueFrom(Pod pod, String name, EnvVarSource src) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        if (src.getSecretKeyRef() != null) {
            SecretKeySelector ref = src.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Secret s = client.secrets().inNamespace(ns).withName(ref.getName()).get();
            String value = s == null ? null : secretData(s).get(ref.getKey());
            if (value == null && !optional) {
                throw new ContainerConfigException(
                        s == null
                                ? "secret \"" + ref.getName() + "\" not found"
                                : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
            }
            return value;
        }
        if (src.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = src.getConfigMapKeyRef();
            ConfigMap m =
                    client.configMaps().inNamespace(ns).withName(ref.getName()).get();
            String value = m == null || m.getData() == null ? null : m.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ContainerConfigException(
                        m == null
                                ? "configmap \"" + ref.getName() + "\" not found"
                                : "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
            }
            return value;
        }
        if (src.getFieldRef() != null) {
            return field(pod, src.getFieldRef().getFieldPath());
        }
        throw new ContainerConfigException("env " + name + ": unsupported valueFrom " + src);
    }

    private static String field(Pod pod, String path) throws ContainerConfigException {
        Matcher m =
                Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
        if (m.matches()) {
            Map<String, String> map = m.group(1).equals("labels")
                    ? pod.getMetadata().getLabels()
                    : pod.getMetadata().getAnnotations();
            return map == null ? "" : map.getOrDefault(m.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "status.podIP", "status.hostIP" -> "127.0.0.1";
            default -> throw new ContainerConfigException("unsupported fieldRef " + path);
        };
    }

    private static Map<String, String> secretData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData()
                    .forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    static List<String> expandAll(List<String> values, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.add(expand(v, env));
        }
        return out;
    }

    /** Kubernetes' {@code $(VAR)} expansion. */
    static String expand(String value, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement =
                    m.group().equals("$$") ? "$" : env.containsKey(m.group(1)) ? env.get(m.group(1)) : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
