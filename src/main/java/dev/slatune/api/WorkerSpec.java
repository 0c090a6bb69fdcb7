package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** The load pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerSpec {

    @JsonPropertyDescription("The image that runs `slatune load`. Default: the operator's own image "
            + "(slatune.operator.worker-image), so operator and worker never drift apart.")
    private String image;

    @JsonPropertyDescription("The image pull policy of the load container: Always, IfNotPresent or Never.")
    private String imagePullPolicy;

    @JsonPropertyDescription("CPU and memory requests and limits of the load container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Node labels the load pods must match.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the load pods.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("The service account of the load pods; they need no API permissions. "
            + "Default: the operator's slatune.operator.worker-service-account, else the namespace's default.")
    private String serviceAccountName;

    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public String getImagePullPolicy() { return imagePullPolicy; }
    public void setImagePullPolicy(String imagePullPolicy) { this.imagePullPolicy = imagePullPolicy; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
    public Map<String, String> getNodeSelector() { return nodeSelector; }
    public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
    public List<Toleration> getTolerations() { return tolerations; }
    public void setTolerations(List<Toleration> tolerations) { this.tolerations = tolerations; }
    public String getServiceAccountName() { return serviceAccountName; }
    public void setServiceAccountName(String serviceAccountName) { this.serviceAccountName = serviceAccountName; }
}
