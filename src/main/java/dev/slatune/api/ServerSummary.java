package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the target's own Prometheus metrics said during a measurement; a figure it does not expose is absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerSummary {

    @JsonPropertyDescription("The server family whose metric names were found: vllm, sglang, tgi or llamacpp.")
    private String family;

    @JsonPropertyDescription("The most requests in the server's running batch at any scrape.")
    private Double peakRunning;

    @JsonPropertyDescription("The most requests queued at the server at any scrape.")
    private Double peakWaiting;

    @JsonPropertyDescription("The highest KV cache use at any scrape, 0 to 1.")
    private Double kvCachePeak;

    @JsonPropertyDescription("Sequences the server preempted during the measurement.")
    private Double preemptions;

    @JsonPropertyDescription("Prefix cache hits over lookups during the measurement, 0 to 1.")
    private Double prefixCacheHitRate;

    public String getFamily() {
        return family;
    }

    public void setFamily(String family) {
        this.family = family;
    }

    public Double getPeakRunning() {
        return peakRunning;
    }

    public void setPeakRunning(Double peakRunning) {
        this.peakRunning = peakRunning;
    }

    public Double getPeakWaiting() {
        return peakWaiting;
    }

    public void setPeakWaiting(Double peakWaiting) {
        this.peakWaiting = peakWaiting;
    }

    public Double getKvCachePeak() {
        return kvCachePeak;
    }

    public void setKvCachePeak(Double kvCachePeak) {
        this.kvCachePeak = kvCachePeak;
    }

    public Double getPreemptions() {
        return preemptions;
    }

    public void setPreemptions(Double preemptions) {
        this.preemptions = preemptions;
    }

    public Double getPrefixCacheHitRate() {
        return prefixCacheHitRate;
    }

    public void setPrefixCacheHitRate(Double prefixCacheHitRate) {
        this.prefixCacheHitRate = prefixCacheHitRate;
    }
}
