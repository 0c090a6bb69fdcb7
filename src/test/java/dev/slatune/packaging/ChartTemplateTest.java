package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the chart renders, with default and non-default values, read as Kubernetes objects. */
class ChartTemplateTest {

    static final String FULLNAME = Chart.RELEASE + "-slatune";

    @Test
    void defaultsInstallTheOperatorClusterWide() {
        List<HasMetadata> all = Chart.render(Map.of());

        assertThat(all)
                .extracting(r -> r.getKind() + "/" + r.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "ServiceAccount/" + FULLNAME, "ServiceAccount/" + FULLNAME + "-worker",
                        "ClusterRole/" + FULLNAME, "ClusterRoleBinding/" + FULLNAME,
                        "Role/" + FULLNAME + "-leader-election", "RoleBinding/" + FULLNAME + "-leader-election",
                        "Deployment/" + FULLNAME, "Service/" + FULLNAME + "-metrics");
        ClusterRoleBinding binding =
                Chart.find(all, ClusterRoleBinding.class, FULLNAME).orElseThrow();
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(FULLNAME);
            assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
        });
        assertThat(env(operator(all)))
                .doesNotContainKeys(
                        "QUARKUS_OPERATOR_SDK_CONTROLLERS_SLATUNING_NAMESPACES",
                        "SLATUNE_OPERATOR_WORKER_SERVICE_ACCOUNT");
    }

    @Test
    void operatorPodRunsLockedDownWithHealthProbes() {
        Deployment deployment =
                Chart.find(Chart.render(Map.of()), Deployment.class, FULLNAME).orElseThrow();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        // A read-only root needs a writable /tmp, and it must be an emptyDir, not a host path.
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/tmp");
            assertThat(pod.getVolumes())
                    .filteredOn(v -> v.getName().equals(m.getName()))
                    .singleElement()
                    .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        });
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(c.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        assertThat(c.getArgs()).containsExactly("operator");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
    }

    @Test
    void guardRailsAndImageReachTheOperator() {
        List<HasMetadata> all = Chart.render(Map.of(
                "operator", Map.of("maxParallel", 64, "maxRate", 12.5, "logLevel", "DEBUG"),
                "image", Map.of("repository", "registry.example/slatune", "tag", "1.2.3", "pullPolicy", "Always")));
        Map<String, String> env = env(operator(all));

        assertThat(env)
                .containsEntry("SLATUNE_OPERATOR_MAX_PARALLEL", "64")
                .containsEntry("SLATUNE_OPERATOR_MAX_RATE", "12.5")
                .containsEntry("SLATUNE_OPERATOR_MAX_PODS_PER_PROBE", "16")
                .containsEntry("SLATUNE_OPERATOR_RETRIES", "2")
                .containsEntry("SLATUNE_OPERATOR_JOB_TIMEOUT_SECONDS", "1800")
                .containsEntry("SLATUNE_OPERATOR_JOB_TTL_SECONDS", "3600")
                .containsEntry("SLATUNE_OPERATOR_LEASE_NAME", FULLNAME + "-leader")
                .containsEntry("QUARKUS_LOG_CATEGORY__DEV_SLATUNE__LEVEL", "DEBUG")
                // The workers run the operator's own image.
                .containsEntry("SLATUNE_OPERATOR_WORKER_IMAGE", "registry.example/slatune:1.2.3")
                .containsEntry("SLATUNE_OPERATOR_WORKER_IMAGE_PULL_POLICY", "Always");
        assertThat(operator(all).getImage()).isEqualTo("registry.example/slatune:1.2.3");
        assertThat(operator(all).getImagePullPolicy()).isEqualTo("Always");
    }

    @Test
    void defaultImageIsTheAppVersion() {
        assertThat(operator(Chart.render(Map.of())).getImage()).isEqualTo("ghcr.io/slatune/slatune:0.1.0");
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(operator(Chart.render(Map.of("image", Map.of("digest", digest))))
                        .getImage())
                .isEqualTo("ghcr.io/slatune/slatune@" + digest);
    }

    @Test
    void schedulingAndPullSecretsReachThePod() {
        List<HasMetadata> all = Chart.render(Map.of(
                "imagePullSecrets", List.of(Map.of("name", "regcred")),
                "nodeSelector", Map.of("pool", "system"),
                "tolerations",
                        List.of(Map.of(
                                "key", "dedicated", "operator", "Equal", "value", "ops", "effect", "NoSchedule")),
                "affinity",
                        Map.of(
                                "nodeAffinity",
                                Map.of(
                                        "requiredDuringSchedulingIgnoredDuringExecution",
                                        Map.of(
                                                "nodeSelectorTerms",
                                                List.of(Map.of(
                                                        "matchExpressions",
                                                        List.of(Map.of(
                                                                "key",
                                                                "arch",
                                                                "operator",
                                                                "In",
                                                                "values",
                                                                List.of("amd64"))))))))));
        PodSpec pod = Chart.find(all, Deployment.class, FULLNAME)
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec();

        assertThat(pod.getImagePullSecrets()).extracting("name").containsExactly("regcred");
        assertThat(pod.getNodeSelector()).containsEntry("pool", "system");
        assertThat(pod.getTolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        assertThat(pod.getAffinity()
                        .getNodeAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution()
                        .getNodeSelectorTerms())
                .hasSize(1);
        // The load Jobs pull the same image: the workers' account carries the secret too.
        assertThat(Chart.find(all, ServiceAccount.class, FULLNAME + "-worker")
                        .orElseThrow()
                        .getImagePullSecrets())
                .extracting("name")
                .containsExactly("regcred");
    }

    @Test
    void watchNamespacesGivesRolesInThoseNamespacesOnly() {
        List<HasMetadata> all = Chart.render(Map.of("watchNamespaces", List.of("team-a", "team-b")));

        assertThat(Chart.all(all, ClusterRole.class)).isEmpty();
        assertThat(Chart.all(all, ClusterRoleBinding.class)).isEmpty();
        assertThat(Chart.all(all, Role.class))
                .extracting(r ->
                        r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "team-a/" + FULLNAME,
                        "team-b/" + FULLNAME,
                        Chart.NAMESPACE + "/" + FULLNAME + "-leader-election");
        assertThat(Chart.all(all, RoleBinding.class)).allSatisfy(b -> {
            assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(b.getRoleRef().getName()).isIn(FULLNAME, FULLNAME + "-leader-election");
            assertThat(b.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getName()).isEqualTo(FULLNAME);
                assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
            });
        });
        // The load pods run in the SlaTuning's namespace: their account must exist there.
        assertThat(Chart.all(all, ServiceAccount.class))
                .filteredOn(sa -> sa.getMetadata().getName().equals(FULLNAME + "-worker"))
                .extracting(sa -> sa.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(env(operator(all)))
                .containsEntry("QUARKUS_OPERATOR_SDK_CONTROLLERS_SLATUNING_NAMESPACES", "team-a,team-b")
                .containsEntry("SLATUNE_OPERATOR_WORKER_SERVICE_ACCOUNT", FULLNAME + "-worker");
    }

    @Test
    void workerAccountHasNoTokenAndNoBinding() {
        for (Map<String, Object> values : List.<Map<String, Object>>of(
                Map.of(),
                Map.of("watchNamespaces", List.of("team-a")),
                Map.of(
                        "worker",
                        Map.of(
                                "serviceAccount",
                                Map.of("create", true, "name", "", "namespaces", List.of("llm-a")))))) {
            List<HasMetadata> all = Chart.render(values);
            List<ServiceAccount> workers = Chart.all(all, ServiceAccount.class).stream()
                    .filter(sa -> sa.getMetadata().getName().equals(FULLNAME + "-worker"))
                    .toList();
            assertThat(workers)
                    .isNotEmpty()
                    .allSatisfy(sa ->
                            assertThat(sa.getAutomountServiceAccountToken()).isFalse());
            List<String> subjects = all.stream()
                    .flatMap(r -> r instanceof RoleBinding rb
                            ? rb.getSubjects().stream()
                            : r instanceof ClusterRoleBinding crb
                                    ? crb.getSubjects().stream()
                                    : java.util.stream.Stream.empty())
                    .map(s -> s.getName())
                    .toList();
            assertThat(subjects).isNotEmpty().doesNotContain(FULLNAME + "-worker");
        }
        assertThat(Chart.all(
                        Chart.render(Map.of(
                                "worker",
                                Map.of(
                                        "serviceAccount",
                                        Map.of("create", true, "name", "", "namespaces", List.of("llm-a"))))),
                        ServiceAccount.class))
                .filteredOn(sa -> sa.getMetadata().getName().equals(FULLNAME + "-worker"))
                .extracting(sa -> sa.getMetadata().getNamespace())
                .containsExactlyInAnyOrder(Chart.NAMESPACE, "llm-a");
    }

    @Test
    void simulatorDeploysAServedSimulator() {
        List<HasMetadata> all = Chart.render(
                Map.of("simulator", Map.of("enabled", true, "port", 9000, "extraArgs", List.of("--seed=7"))));
        Deployment sim =
                Chart.find(all, Deployment.class, FULLNAME + "-simulator").orElseThrow();
        PodSpec pod = sim.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        Service svc = Chart.find(all, Service.class, FULLNAME + "-simulator").orElseThrow();

        assertThat(c.getArgs()).containsExactly("simulate", "--host=0.0.0.0", "--port=9000", "--seed=7");
        assertThat(c.getImage()).isEqualTo(operator(all).getImage());
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(svc.getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(9000));
        assertThat(sim.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(svc.getSpec().getSelector());
        // The metrics Service must not select the simulator's pods.
        Service metrics = Chart.find(all, Service.class, FULLNAME + "-metrics").orElseThrow();
        assertThat(sim.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                .doesNotContainAnyElementsOf(
                        Map.of("app.kubernetes.io/component", "operator").entrySet());
        assertThat(metrics.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "operator");
        assertThat(Chart.all(Chart.render(Map.of()), Deployment.class)).hasSize(1);
    }

    @Test
    void serviceMonitorScrapesTheMetricsService() {
        List<HasMetadata> all = Chart.render(Map.of(
                "metrics",
                Map.of(
                        "serviceMonitor",
                        Map.of("enabled", true, "interval", "15s", "labels", Map.of("release", "prom")))));
        GenericKubernetesResource monitor = all.stream()
                .filter(r -> r.getKind().equals("ServiceMonitor"))
                .map(GenericKubernetesResource.class::cast)
                .findFirst()
                .orElseThrow();
        Service metrics = Chart.find(all, Service.class, FULLNAME + "-metrics").orElseThrow();

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prom");
        Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
        assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selector);
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e)
                    .containsEntry("path", "/q/metrics")
                    .containsEntry("port", "http")
                    .containsEntry("interval", "15s");
        });
        assertThat(Chart.render(Map.of())).noneMatch(r -> r.getKind().equals("ServiceMonitor"));
        assertThatThrownBy(() -> Chart.render(Map.of(
                        "metrics",
                        Map.of("service", Map.of("enabled", false), "serviceMonitor", Map.of("enabled", true)))))
                .hasMessageContaining("needs metrics.service.enabled");
    }

    static Container operator(List<HasMetadata> all) {
        return Chart.find(all, Deployment.class, FULLNAME)
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    static Map<String, String> env(Container c) {
        return c.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
