package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The headline metrics of a measurement; times in seconds. A metric with no samples is absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSummary {

    @JsonPropertyDescription("Measured requests (warm-up excluded).")
    private Long requests;

    @JsonPropertyDescription("Requests that succeeded.")
    private Long succeeded;

    @JsonPropertyDescription("Succeeded over measured, 0 to 1.")
    private Double successRate;

    @JsonPropertyDescription("Successful requests per second.")
    private Double rps;

    @JsonPropertyDescription("Output tokens per second.")
    private Double tps;

    @JsonPropertyDescription("Mean end-to-end latency, seconds.")
    private Double avgLatency;

    @JsonPropertyDescription("99th percentile end-to-end latency, seconds.")
    private Double p99Latency;

    @JsonPropertyDescription("Mean time to first token, seconds.")
    private Double avgTtft;

    @JsonPropertyDescription("99th percentile time to first token, seconds.")
    private Double p99Ttft;

    @JsonPropertyDescription("Mean time per output token, seconds.")
    private Double avgTpot;

    @JsonPropertyDescription("99th percentile time per output token, seconds.")
    private Double p99Tpot;

    @JsonPropertyDescription("Set when the load generator, not the target, limited the pressure: why.")
    private String clientSaturated;

    @JsonPropertyDescription("The first distinct failure messages with their counts, e.g. \"http_4xx x6: HTTP 400: "
            + "request (1066 tokens) exceeds the available context size (1024 tokens)\".")
    private java.util.List<String> errors;

    @JsonPropertyDescription("What the target's own metrics said during the measurement, when it exposes them.")
    private ServerSummary server;

    @JsonPropertyDescription("Per goodput rule: the requests that met all its per-request SLOs, their share and rate.")
    private java.util.List<GoodputSummary> goodput;

    public Long getRequests() {
        return requests;
    }

    public void setRequests(Long requests) {
        this.requests = requests;
    }

    public Long getSucceeded() {
        return succeeded;
    }

    public void setSucceeded(Long succeeded) {
        this.succeeded = succeeded;
    }

    public Double getSuccessRate() {
        return successRate;
    }

    public void setSuccessRate(Double successRate) {
        this.successRate = successRate;
    }

    public Double getRps() {
        return rps;
    }

    public void setRps(Double rps) {
        this.rps = rps;
    }

    public Double getTps() {
        return tps;
    }

    public void setTps(Double tps) {
        this.tps = tps;
    }

    public Double getAvgLatency() {
        return avgLatency;
    }

    public void setAvgLatency(Double avgLatency) {
        this.avgLatency = avgLatency;
    }

    public Double getP99Latency() {
        return p99Latency;
    }

    public void setP99Latency(Double p99Latency) {
        this.p99Latency = p99Latency;
    }

    public Double getAvgTtft() {
        return avgTtft;
    }

    public void setAvgTtft(Double avgTtft) {
        this.avgTtft = avgTtft;
    }

    public Double getP99Ttft() {
        return p99Ttft;
    }

    public void setP99Ttft(Double p99Ttft) {
        this.p99Ttft = p99Ttft;
    }

    public Double getAvgTpot() {
        return avgTpot;
    }

    public void setAvgTpot(Double avgTpot) {
        this.avgTpot = avgTpot;
    }

    public Double getP99Tpot() {
        return p99Tpot;
    }

    public void setP99Tpot(Double p99Tpot) {
        this.p99Tpot = p99Tpot;
    }

    public String getClientSaturated() {
        return clientSaturated;
    }

    public void setClientSaturated(String clientSaturated) {
        this.clientSaturated = clientSaturated;
    }

    public java.util.List<String> getErrors() {
        return errors;
    }

    public void setErrors(java.util.List<String> errors) {
        this.errors = errors;
    }

    public ServerSummary getServer() {
        return server;
    }

    public void setServer(ServerSummary server) {
        this.server = server;
    }

    public java.util.List<GoodputSummary> getGoodput() {
        return goodput;
    }

    public void setGoodput(java.util.List<GoodputSummary> goodput) {
        this.goodput = goodput;
    }
}
