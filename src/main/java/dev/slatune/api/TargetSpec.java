package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.slatune.plan.ProbeDefaults;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The endpoint under test. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetSpec {

    @Required
    @Pattern("^https?://.+")
    @JsonPropertyDescription("The full URL of the API, e.g. http://vllm.llm.svc:8000/v1/chat/completions.")
    private String url;

    @JsonPropertyDescription("The API the endpoint speaks: openai (chat completions) or openai-completions. "
            + "Default " + ProbeDefaults.API + ".")
    private ApiFlavor api;

    @Required
    @JsonPropertyDescription("The model name sent in each request.")
    private String model;

    @JsonPropertyDescription("A Secret key holding the API key; the load pods receive it as an environment "
            + "variable and send it as a bearer token. The operator itself never reads Secrets.")
    private SecretKeyReference apiKeySecretRef;

    @JsonPropertyDescription("Extra HTTP headers sent with every request.")
    private Map<String, String> headers;

    @Pattern("^(https?://.+|none)$")
    @JsonPropertyDescription("Where the target's Prometheus metrics are (vLLM, SGLang, TGI, llama.cpp), scraped by "
            + "the load pods before, during and after each run to report the server's queue, running batch, KV "
            + "cache and preemptions. Default: the origin of url plus /metrics, when it answers; none turns it off.")
    private String metricsUrl;

    @JsonPropertyDescription("Extra HTTP headers whose values come from Secret keys (header name to Secret key), "
            + "e.g. a gateway token. Each reaches the load pods as an environment variable from a secretKeyRef, "
            + "never as an argument; the operator never reads the Secret.")
    private Map<String, SecretKeyReference> headerSecretRefs;

    @JsonPropertyDescription("How long this tuning may wait for another SlaTuning that is loading the same target "
            + "(one tuning per target at a time) before it ends in Error. Default: the operator's "
            + "slatune.operator.target-wait-seconds (3600).")
    private Integer maxWaitSeconds;

    public Map<String, SecretKeyReference> getHeaderSecretRefs() {
        return headerSecretRefs;
    }

    public void setHeaderSecretRefs(Map<String, SecretKeyReference> headerSecretRefs) {
        this.headerSecretRefs = headerSecretRefs;
    }

    public Integer getMaxWaitSeconds() {
        return maxWaitSeconds;
    }

    public void setMaxWaitSeconds(Integer maxWaitSeconds) {
        this.maxWaitSeconds = maxWaitSeconds;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public ApiFlavor getApi() {
        return api;
    }

    public void setApi(ApiFlavor api) {
        this.api = api;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public SecretKeyReference getApiKeySecretRef() {
        return apiKeySecretRef;
    }

    public void setApiKeySecretRef(SecretKeyReference apiKeySecretRef) {
        this.apiKeySecretRef = apiKeySecretRef;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    public void setHeaders(Map<String, String> headers) {
        this.headers = headers;
    }

    public String getMetricsUrl() {
        return metricsUrl;
    }

    public void setMetricsUrl(String metricsUrl) {
        this.metricsUrl = metricsUrl;
    }
}
