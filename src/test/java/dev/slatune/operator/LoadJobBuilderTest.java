package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.SecretKeyReference;
import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The load pod as built: restricted, Guaranteed, JVM options from its CPU limit, the user's pod settings on it. */
class LoadJobBuilderTest {

    final OperatorSettings settings = OperatorSettings.defaults("registry.example/slatune:test");
    final LoadJobBuilder builder = new LoadJobBuilder(settings);

    Job build(SlaTuning r, int share, Long startAt) {
        ResolvedSpec spec = ResolvedSpec.of(r.getSpec(), settings);
        List<LoadShare> shares = LoadShare.of(spec, 8);
        return builder.build(r, spec, JobKey.of(r, 1, 2, 0, 0, share), 8, shares.get(share), startAt);
    }

    static Container container(Job j) {
        return j.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, EnvVar> env(Job j) {
        return container(j).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    @Test
    void theLoadPodPassesEveryRuleOfTheRestrictedProfile() {
        Job j = build(Tunings.seed1("strict"), 0, null);
        var template = j.getSpec().getTemplate();
        assertThat(RestrictedProfile.violations(template.getMetadata(), template.getSpec()))
                .isEmpty();
        Container c = container(j);
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(template.getSpec().getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        // What the JVM and the load write goes to the emptyDir; the termination log is the kubelet's own file.
        assertThat(c.getVolumeMounts())
                .singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(template.getSpec().getVolumes())
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(env(j).get("SLATUNE_CACHE_DIR").getValue()).startsWith("/tmp/");
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    }

    @Test
    void theCheckerCatchesEachRuleItEnforces() {
        PodSpec ok =
                build(Tunings.seed1("strict"), 0, null).getSpec().getTemplate().getSpec();
        Map<String, java.util.function.Consumer<PodSpec>> breaks = new java.util.LinkedHashMap<>();
        breaks.put(
                "Privilege Escalation",
                p -> p.getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(null));
        breaks.put("Running as Non-root", p -> {
            p.getSecurityContext().setRunAsNonRoot(null);
            p.getContainers().get(0).getSecurityContext().setRunAsNonRoot(false);
        });
        breaks.put("Running as Non-root user", p -> p.getSecurityContext().setRunAsUser(0L));
        breaks.put("Seccomp", p -> {
            p.getSecurityContext().setSeccompProfile(null);
            p.getContainers().get(0).getSecurityContext().setSeccompProfile(null);
        });
        breaks.put(
                "Capabilities",
                p -> p.getContainers()
                        .get(0)
                        .getSecurityContext()
                        .getCapabilities()
                        .setDrop(List.of()));
        breaks.put(
                "Volume Types",
                p -> p.getVolumes()
                        .get(0)
                        .setNfs(new io.fabric8.kubernetes.api.model.NFSVolumeSource("/x", false, "nfs")));
        breaks.put(
                "HostPath Volumes",
                p -> p.getVolumes()
                        .get(0)
                        .setHostPath(new io.fabric8.kubernetes.api.model.HostPathVolumeSource("/", null)));
        breaks.put("Host Namespaces", p -> p.setHostNetwork(true));
        breaks.put(
                "Privileged Containers",
                p -> p.getContainers().get(0).getSecurityContext().setPrivileged(true));
        breaks.put(
                "Host Ports",
                p -> p.getContainers()
                        .get(0)
                        .setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                                .withContainerPort(80)
                                .withHostPort(80)
                                .build())));
        breaks.put(
                "/proc Mount Type",
                p -> p.getContainers().get(0).getSecurityContext().setProcMount("Unmasked"));
        breaks.put(
                "Sysctls",
                p -> p.getSecurityContext()
                        .setSysctls(List.of(new io.fabric8.kubernetes.api.model.Sysctl("kernel.msgmax", "1"))));
        breaks.forEach((rule, change) -> {
            PodSpec p = new PodSpecBuilder(ok).build();
            change.accept(p);
            assertThat(RestrictedProfile.violations(null, p))
                    .as(rule)
                    .anySatisfy(v -> assertThat(v).startsWith(rule + ":"));
        });
    }

    @Test
    void requestsEqualLimitsSizedFromTheShare() {
        Job j = build(Tunings.seed1("sized"), 0, null);
        var res = container(j).getResources();
        assertThat(res.getRequests()).isEqualTo(res.getLimits());
        assertThat(res.getLimits())
                .containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("576Mi"));
        // The JVM is told the CPUs it has, and nothing that changes its compiler or collector.
        assertThat(env(j).get("JAVA_TOOL_OPTIONS").getValue())
                .contains("-XX:ActiveProcessorCount=1")
                .contains("-XX:MaxRAMPercentage=75.0")
                .doesNotContain("TieredStopAtLevel")
                .doesNotContain("GC");
    }

    @Test
    void theUsersResourcesWinAndStayGuaranteed() {
        SlaTuning r = Tunings.seed1("own");
        r.getSpec().setWorker(new dev.slatune.api.WorkerSpec());
        r.getSpec()
                .getWorker()
                .setResources(new ResourceRequirementsBuilder()
                        .addToLimits("cpu", new Quantity("2500m"))
                        .addToRequests("memory", new Quantity("2Gi"))
                        .build());
        Job j = build(r, 0, null);
        var res = container(j).getResources();
        assertThat(res.getRequests())
                .containsEntry("cpu", new Quantity("2500m"))
                .containsEntry("memory", new Quantity("2Gi"));
        assertThat(res.getLimits()).isEqualTo(res.getRequests());
        assertThat(env(j).get("JAVA_TOOL_OPTIONS").getValue()).contains("-XX:ActiveProcessorCount=3");
    }

    @Test
    void podTemplateSettingsLandOnThePods() {
        SlaTuning r = Tunings.seed1("passthrough");
        r.getSpec().setWorker(new dev.slatune.api.WorkerSpec());
        var w = r.getSpec().getWorker();
        w.setLabels(Map.of("cost-center", "llm", JobNames.TUNING, "spoofed"));
        w.setAnnotations(Map.of("sidecar.istio.io/inject", "false"));
        w.setAffinity(new AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("pool")
                .withOperator("In")
                .withValues("gpu")
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build());
        w.setEnv(List.of(new EnvVar("HTTPS_PROXY", "http://proxy:3128", null)));
        w.setImagePullSecrets(List.of(new LocalObjectReference("registry")));
        w.setPriorityClassName("batch-low");
        r.getSpec().getTarget().setHeaderSecretRefs(Map.of("X-Gateway-Token", new SecretKeyReference("gw", "token")));
        Job j = build(r, 0, null);
        var pod = j.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("cost-center", "llm")
                .containsEntry(JobNames.TUNING, "passthrough");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("sidecar.istio.io/inject", "false");
        assertThat(pod.getSpec().getAffinity().getNodeAffinity()).isNotNull();
        assertThat(pod.getSpec().getImagePullSecrets())
                .extracting(LocalObjectReference::getName)
                .containsExactly("registry");
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("batch-low");
        assertThat(env(j).get("HTTPS_PROXY").getValue()).isEqualTo("http://proxy:3128");
        // The header's value reaches the pod from the Secret through env; the args name only the variable.
        EnvVar header = env(j).get("SLATUNE_HEADER_0");
        assertThat(header.getValue()).isNull();
        assertThat(header.getValueFrom().getSecretKeyRef().getName()).isEqualTo("gw");
        assertThat(container(j).getArgs()).containsSequence("--header-from-env", "X-Gateway-Token=SLATUNE_HEADER_0");
        assertThat(RestrictedProfile.violations(pod.getMetadata(), pod.getSpec()))
                .isEmpty();
    }

    @Test
    void everyShareOfARunGetsTheSameStart() {
        SlaTuning r = Tunings.seed1("sync");
        r.getSpec().getProbe().setParallelism(2);
        Job a = build(r, 0, 1_800_000_000_000L);
        Job b = build(r, 1, 1_800_000_000_000L);
        for (Job j : List.of(a, b)) {
            assertThat(container(j).getArgs()).containsSequence("--start-at", "1800000000000");
            assertThat(j.getMetadata().getAnnotations())
                    .containsEntry(LoadJobBuilder.START_AT_ANNOTATION, "1800000000000");
        }
        assertThat(container(build(r, 0, null)).getArgs()).doesNotContain("--start-at");
    }

    @Test
    void aRunOnMorePodsSplitsItsPressureAndDrawsPromptsNoOtherJobDraws() {
        SlaTuning r = Tunings.seed1("wider");
        ResolvedSpec spec = ResolvedSpec.of(r.getSpec(), settings);
        // Run 0 of probe 2 on one pod (client-limited), run 1 on four: the measured value stays 8.
        List<LoadShare> four = LoadShare.of(spec, 8, 4);
        assertThat(four).extracting(LoadShare::value).containsExactly(2.0, 2.0, 2.0, 2.0);
        List<Job> jobs = new java.util.ArrayList<>();
        jobs.add(builder.build(
                r, spec, JobKey.of(r, 1, 2, 0, 0, 0), 8, LoadShare.of(spec, 8).get(0), null));
        for (LoadShare s : four) {
            jobs.add(builder.build(r, spec, JobKey.of(r, 1, 2, 1, 0, s.index()), 8, s, 1_800_000_000_000L));
        }
        assertThat(jobs.get(0).getMetadata().getLabels()).containsEntry(JobNames.PODS, "1");
        assertThat(jobs.subList(1, 5)).allSatisfy(j -> {
            assertThat(j.getMetadata().getLabels()).containsEntry(JobNames.PODS, "4");
            assertThat(container(j).getArgs()).containsSequence("--parallel", "2");
        });
        assertThat(jobs).extracting(j -> j.getMetadata().getName()).doesNotHaveDuplicates();
        List<String> ordinals = jobs.stream()
                .map(j -> {
                    List<String> a = container(j).getArgs();
                    return a.get(a.indexOf("--run") + 1);
                })
                .toList();
        assertThat(ordinals).doesNotHaveDuplicates();
    }
}
