package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.slatune.plan.ProbeDefaults;
import io.fabric8.generator.annotation.Min;

/** The requests sent at every pressure point. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkloadSpec {

    @JsonPropertyDescription("Where prompts come from. Only random (prompts of random tokens) for now. Default "
            + ProbeDefaults.DATASET + ".")
    private Dataset dataset;

    @Min(1)
    @JsonPropertyDescription("The shortest prompt, in tokens. Default " + ProbeDefaults.PROMPT_LENGTH + ".")
    private Integer minPromptLength;

    @Min(1)
    @JsonPropertyDescription("The longest prompt, in tokens; at least minPromptLength. Default: minPromptLength.")
    private Integer maxPromptLength;

    @Min(0)
    @JsonPropertyDescription(
            "Tokens of a prefix shared by every prompt (prefix caching). Default " + ProbeDefaults.PREFIX_LENGTH + ".")
    private Integer prefixLength;

    @Min(1)
    @JsonPropertyDescription(
            "The max_tokens of each request (EvalScope's --max-tokens). Default " + ProbeDefaults.MAX_TOKENS + ".")
    private Integer maxTokens;

    @JsonPropertyDescription("Whether to stream responses (server-sent events); TTFT, TPOT and ITL need it. "
            + "Default " + ProbeDefaults.STREAM + ".")
    private Boolean stream;

    @JsonPropertyDescription("A JSON object merged into every request body, e.g. {\"temperature\": 0}.")
    private String extraArgs;

    @Min(0)
    @JsonPropertyDescription("The random seed of the prompts; every pod of every run and retry draws its own "
            + "prompts (load --run), so none repeats within a tuning. Default " + ProbeDefaults.SEED + ".")
    private Long seed;

    @JsonPropertyDescription("The model's tokenizer, for exact prompt lengths and token counts in the load pods. "
            + "Without it prompts are made of common words counted as one token each, and the status says that "
            + "lengths are approximate.")
    private TokenizerSpec tokenizer;

    public Dataset getDataset() {
        return dataset;
    }

    public void setDataset(Dataset dataset) {
        this.dataset = dataset;
    }

    public Integer getMinPromptLength() {
        return minPromptLength;
    }

    public void setMinPromptLength(Integer minPromptLength) {
        this.minPromptLength = minPromptLength;
    }

    public Integer getMaxPromptLength() {
        return maxPromptLength;
    }

    public void setMaxPromptLength(Integer maxPromptLength) {
        this.maxPromptLength = maxPromptLength;
    }

    public Integer getPrefixLength() {
        return prefixLength;
    }

    public void setPrefixLength(Integer prefixLength) {
        this.prefixLength = prefixLength;
    }

    public Integer getMaxTokens() {
        return maxTokens;
    }

    public void setMaxTokens(Integer maxTokens) {
        this.maxTokens = maxTokens;
    }

    public Boolean getStream() {
        return stream;
    }

    public void setStream(Boolean stream) {
        this.stream = stream;
    }

    public String getExtraArgs() {
        return extraArgs;
    }

    public void setExtraArgs(String extraArgs) {
        this.extraArgs = extraArgs;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }

    public TokenizerSpec getTokenizer() {
        return tokenizer;
    }

    public void setTokenizer(TokenizerSpec tokenizer) {
        this.tokenizer = tokenizer;
    }
}
