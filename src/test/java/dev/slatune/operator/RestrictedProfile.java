package dev.slatune.operator;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Pod Security Standards' "restricted" profile (which includes "baseline"), written from the
 * documented controls at https://kubernetes.io/docs/concepts/security/pod-security-standards/ and
 * checked the way the Pod Security admission controller reads them: a pod-level value counts for
 * every container unless the container overrides it. {@link #violations} lists every control a
 * pod breaks, by name, so a test failure says which rule and which field.
 */
public final class RestrictedProfile {

    /** Baseline: capabilities that may be added (the container runtime's default set). */
    static final Set<String> BASELINE_CAPABILITIES = Set.of(
            "AUDIT_WRITE",
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "MKNOD",
            "NET_BIND_SERVICE",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_CHROOT");
    /** Baseline: the safe sysctls. */
    static final Set<String> SAFE_SYSCTLS = Set.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes");
    /** Baseline: the SELinux types a container may use. */
    static final Set<String> SELINUX_TYPES =
            Set.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    private RestrictedProfile() {}

    /** Every restricted-profile control {@code pod} (with its metadata, for the annotation-based controls) breaks. */
    public static List<String> violations(ObjectMeta meta, PodSpec pod) {
        List<String> out = new ArrayList<>();
        PodSecurityContext psc = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        List<Container> all = Stream.of(pod.getContainers(), pod.getInitContainers())
                .filter(Objects::nonNull)
                .flatMap(List::stream)
                .toList();
        Map<String, String> annotations =
                meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();

        // ---- baseline ----
        if (psc.getWindowsOptions() != null
                && Boolean.TRUE.equals(psc.getWindowsOptions().getHostProcess())) {
            out.add("HostProcess: spec.securityContext.windowsOptions.hostProcess must be false");
        }
        if (Boolean.TRUE.equals(pod.getHostNetwork())
                || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            out.add("Host Namespaces: hostNetwork, hostPID and hostIPC must be false or unset");
        }
        for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            if (v.getHostPath() != null) {
                out.add("HostPath Volumes: volume " + v.getName() + " is a hostPath");
            }
        }
        if (psc.getSeLinuxOptions() != null) {
            seLinux("spec.securityContext", psc.getSeLinuxOptions(), out);
        }
        if (psc.getSysctls() != null) {
            psc.getSysctls().stream()
                    .filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
                    .forEach(s -> out.add("Sysctls: " + s.getName() + " is not a safe sysctl"));
        }
        annotations.forEach((k, v) -> {
            if (k.startsWith("container.apparmor.security.beta.kubernetes.io/")
                    && !("runtime/default".equals(v) || v.startsWith("localhost/"))) {
                out.add("AppArmor: annotation " + k + " is " + v);
            }
        });
        if (psc.getAppArmorProfile() != null
                && "Unconfined".equals(psc.getAppArmorProfile().getType())) {
            out.add("AppArmor: spec.securityContext.appArmorProfile is Unconfined");
        }

        // ---- restricted, pod level ----
        for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            boolean allowed = v.getConfigMap() != null
                    || v.getCsi() != null
                    || v.getDownwardAPI() != null
                    || v.getEmptyDir() != null
                    || v.getEphemeral() != null
                    || v.getPersistentVolumeClaim() != null
                    || v.getProjected() != null
                    || v.getSecret() != null;
            boolean other = Stream.of(
                            v.getHostPath(),
                            v.getGcePersistentDisk(),
                            v.getAwsElasticBlockStore(),
                            v.getGitRepo(),
                            v.getNfs(),
                            v.getIscsi(),
                            v.getGlusterfs(),
                            v.getRbd(),
                            v.getFlexVolume(),
                            v.getCinder(),
                            v.getCephfs(),
                            v.getFlocker(),
                            v.getFc(),
                            v.getAzureFile(),
                            v.getVsphereVolume(),
                            v.getQuobyte(),
                            v.getAzureDisk(),
                            v.getPortworxVolume(),
                            v.getScaleIO(),
                            v.getStorageos(),
                            v.getPhotonPersistentDisk(),
                            v.getImage())
                    .anyMatch(Objects::nonNull);
            if (!allowed || other) {
                out.add("Volume Types: volume " + v.getName() + " is not configMap, csi, downwardAPI, emptyDir, "
                        + "ephemeral, persistentVolumeClaim, projected or secret");
            }
        }
        if (psc.getRunAsUser() != null && psc.getRunAsUser() == 0) {
            out.add("Running as Non-root user: spec.securityContext.runAsUser is 0");
        }
        if (seccompBad(psc.getSeccompProfile())) {
            out.add("Seccomp: spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost");
        }

        // ---- per container ----
        for (Container c : all) {
            String at = "container " + c.getName();
            SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                out.add("Privileged Containers: " + at + " is privileged");
            }
            if (sc.getWindowsOptions() != null
                    && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
                out.add("HostProcess: " + at);
            }
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() != 0) {
                    out.add("Host Ports: " + at + " uses hostPort " + p.getHostPort());
                }
            }
            if (sc.getSeLinuxOptions() != null) {
                seLinux(at, sc.getSeLinuxOptions(), out);
            }
            if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
                out.add("/proc Mount Type: " + at + " uses " + sc.getProcMount());
            }
            if (sc.getAppArmorProfile() != null
                    && "Unconfined".equals(sc.getAppArmorProfile().getType())) {
                out.add("AppArmor: " + at + " is Unconfined");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                out.add("Privilege Escalation: " + at + " must set allowPrivilegeEscalation: false");
            }
            Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : psc.getRunAsNonRoot();
            if (!Boolean.TRUE.equals(nonRoot)) {
                out.add("Running as Non-root: " + at + " needs runAsNonRoot: true (its own or the pod's)");
            }
            if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
                out.add("Running as Non-root user: " + at + " sets runAsUser 0");
            }
            SeccompProfile seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : psc.getSeccompProfile();
            if (seccomp == null || seccompBad(seccomp)) {
                out.add("Seccomp: " + at + " needs seccompProfile RuntimeDefault or Localhost (its own or the pod's)");
            }
            Capabilities caps = sc.getCapabilities();
            if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
                out.add("Capabilities: " + at + " must drop ALL");
            }
            if (caps != null && caps.getAdd() != null) {
                caps.getAdd().stream()
                        .filter(a -> !"NET_BIND_SERVICE".equals(a))
                        .forEach(a -> out.add("Capabilities: " + at + " adds " + a + " (only NET_BIND_SERVICE may be "
                                + "added" + (BASELINE_CAPABILITIES.contains(a) ? " under restricted" : "") + ")"));
            }
        }
        return out;
    }

    private static boolean seccompBad(SeccompProfile p) {
        return p != null && !("RuntimeDefault".equals(p.getType()) || "Localhost".equals(p.getType()));
    }

    private static void seLinux(String at, io.fabric8.kubernetes.api.model.SELinuxOptions o, List<String> out) {
        if (o.getType() != null && !SELINUX_TYPES.contains(o.getType())) {
            out.add("SELinux: " + at + " type " + o.getType());
        }
        if (o.getUser() != null || o.getRole() != null) {
            out.add("SELinux: " + at + " sets a user or role");
        }
    }
}
