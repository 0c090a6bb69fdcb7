package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many measured requests met one goodput rule's per-request SLOs, and at what rate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GoodputSummary {

    @JsonPropertyDescription("The per-request SLO set, as the load pods count it, e.g. ttft<=0.2,tpot<=0.05 (seconds).")
    private String slos;

    @JsonPropertyDescription("Measured requests that succeeded and met every SLO of the set.")
    private Long met;

    @JsonPropertyDescription("Measured requests, failed ones included.")
    private Long total;

    @JsonPropertyDescription("The goodput: met over total, 0 to 1.")
    private Double share;

    @JsonPropertyDescription("The goodput rate: requests per second of the measured window that met every SLO.")
    private Double rps;

    public String getSlos() {
        return slos;
    }

    public void setSlos(String slos) {
        this.slos = slos;
    }

    public Long getMet() {
        return met;
    }

    public void setMet(Long met) {
        this.met = met;
    }

    public Long getTotal() {
        return total;
    }

    public void setTotal(Long total) {
        this.total = total;
    }

    public Double getShare() {
        return share;
    }

    public void setShare(Double share) {
        this.share = share;
    }

    public Double getRps() {
        return rps;
    }

    public void setRps(Double rps) {
        this.rps = rps;
    }
}
