package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * The load pods: image, resources, scheduling, identity, and what real clusters add to every pod
 * (labels, annotations, affinity, env, pull secrets, priority). The operator's settings allowlist
 * the image and the service account; the security context is fixed (restricted) and not settable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerSpec {

    @JsonPropertyDescription("The image that runs `slatune load`. Default: the operator's own image "
            + "(slatune.operator.worker-image), so operator and worker never drift apart.")
    private String image;

    @JsonPropertyDescription("The image pull policy of the load container: Always, IfNotPresent or Never.")
    private String imagePullPolicy;

    @JsonPropertyDescription("CPU and memory requests and limits of the load container. Default: requests equal "
            + "to limits (Guaranteed QoS), sized from each pod's share of the pressure: 1 CPU per 128 requests in "
            + "flight (a rate counts as 10 s of arrivals in flight), 1 to 4 CPUs; 512Mi plus 2Mi per request in "
            + "flight, at most 4Gi. A value set here replaces the default of that resource; an unset limit takes "
            + "the request.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Node labels the load pods must match.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the load pods.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("The service account of the load pods; they need no API permissions. "
            + "Default: the operator's slatune.operator.worker-service-account, else the namespace's default.")
    private String serviceAccountName;

    @JsonPropertyDescription("Extra labels on the load pods (e.g. cost allocation, sidecar.istio.io/inject: "
            + "\"false\"); the operator's own slatune.dev/ labels win over these.")
    private Map<String, String> labels;

    @JsonPropertyDescription("Extra annotations on the load pods (e.g. a service-mesh opt-out).")
    private Map<String, String> annotations;

    @JsonPropertyDescription("Affinity of the load pods, e.g. nodes near the serving pool.")
    private Affinity affinity;

    @JsonPropertyDescription("Extra environment variables of the load container; values from Secrets go through "
            + "valueFrom.secretKeyRef, never through arguments. JAVA_TOOL_OPTIONS and SLATUNE_* are the operator's.")
    private List<EnvVar> env;

    @JsonPropertyDescription("Secrets for pulling the worker image from a private registry.")
    private List<LocalObjectReference> imagePullSecrets;

    @JsonPropertyDescription("The priority class of the load pods.")
    private String priorityClassName;

    @JsonPropertyDescription("The most load pods one run may be split across when the load generator is the "
            + "bottleneck: a run whose client saturated is measured again with twice the pods, up to this; at this "
            + "bound it is reported client-limited (never a pass). Set it to spec.probe.parallelism to never add "
            + "pods. Default and ceiling: the operator setting slatune.operator.max-pods-per-probe (16).")
    private Integer maxPods;

    public Integer getMaxPods() {
        return maxPods;
    }

    public void setMaxPods(Integer maxPods) {
        this.maxPods = maxPods;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public List<LocalObjectReference> getImagePullSecrets() {
        return imagePullSecrets;
    }

    public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
        this.imagePullSecrets = imagePullSecrets;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(String imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }
}
