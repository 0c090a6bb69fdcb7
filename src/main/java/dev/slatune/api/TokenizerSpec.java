package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The tokenizer of the model under test, so that load pods build prompts of exact token lengths and
 * count tokens as the server does: a HuggingFace model id (downloaded by each load pod) or a
 * ConfigMap holding {@code tokenizer.json} (mounted into the load pods). Exactly one of the two.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TokenizerSpec {

    @JsonPropertyDescription(
            "A HuggingFace model id whose tokenizer.json the load pods download, e.g. " + "Qwen/Qwen2.5-0.5B-Instruct.")
    private String huggingFace;

    @JsonPropertyDescription("The hub to download from (HF_ENDPOINT), e.g. a mirror inside the cluster. "
            + "Default: https://huggingface.co.")
    private String endpoint;

    @JsonPropertyDescription("A Secret key holding a HuggingFace token (HF_TOKEN) for gated models; the load pods "
            + "receive it as an environment variable, the operator never reads it.")
    private SecretKeyReference tokenSecretRef;

    @JsonPropertyDescription("A ConfigMap key holding tokenizer.json, mounted read-only into the load pods "
            + "(a ConfigMap holds at most 1 MiB).")
    private ConfigMapKeyReference configMapRef;

    public String getHuggingFace() {
        return huggingFace;
    }

    public void setHuggingFace(String huggingFace) {
        this.huggingFace = huggingFace;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public SecretKeyReference getTokenSecretRef() {
        return tokenSecretRef;
    }

    public void setTokenSecretRef(SecretKeyReference tokenSecretRef) {
        this.tokenSecretRef = tokenSecretRef;
    }

    public ConfigMapKeyReference getConfigMapRef() {
        return configMapRef;
    }

    public void setConfigMapRef(ConfigMapKeyReference configMapRef) {
        this.configMapRef = configMapRef;
    }
}
