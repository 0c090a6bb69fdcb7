package dev.slatune.simulator;

import java.time.Duration;

/**
 * What {@link CapacityModel#predict} expects a closed-loop client to measure in the steady state.
 *
 * @param concurrency clients sending back to back
 * @param ttft time to first token
 * @param tpot time per output token after the first (one engine step)
 * @param latency end-to-end latency of one request
 * @param rps requests completed per second
 * @param tps output tokens per second
 */
public record Prediction(int concurrency, Duration ttft, Duration tpot, Duration latency, double rps, double tps) {}
