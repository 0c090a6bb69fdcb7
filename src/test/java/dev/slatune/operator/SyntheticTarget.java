package dev.slatune.operator;

import dev.slatune.metrics.ErrorKind;
import dev.slatune.metrics.ProbeRecorder;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.RequestOutcome;
import java.time.Clock;
import java.util.function.DoubleUnaryOperator;

/**
 * A fabricated endpoint for reconciler tests: latency and TTFT are functions of the pressure of the
 * whole run, so the answer of a search over it is known in advance. It produces real
 * {@link ProbeResult}s (histograms and all) through the metrics recorder.
 *
 * @param latency end-to-end latency in seconds at a total pressure
 * @param ttft time to first token in seconds at a total pressure
 * @param errorRate share of failed requests at a total pressure
 */
record SyntheticTarget(DoubleUnaryOperator latency, DoubleUnaryOperator ttft, DoubleUnaryOperator errorRate) {

    static final int OUTPUT_TOKENS = 100;

    static SyntheticTarget of(DoubleUnaryOperator latency, DoubleUnaryOperator ttft) {
        return new SyntheticTarget(latency, ttft, v -> 0);
    }

    /**
     * The result of one pod: {@code requests} requests at this pod's share of the pressure, timed
     * as a closed loop (parallel) or an open loop (rate) at {@code share} while the whole run is at
     * {@code total}. Latencies spread over [90%, 100%] of the curve so that p99 sits on the curve.
     */
    ProbeResult measure(String variable, double total, double share, int requests) {
        ProbeRecorder rec = new ProbeRecorder(Clock.systemUTC());
        long base = System.nanoTime();
        double lat = latency.applyAsDouble(total);
        double first = Math.min(lat, ttft.applyAsDouble(total));
        int failures = (int) Math.round(errorRate.applyAsDouble(total) * requests);
        for (int i = 0; i < requests; i++) {
            double f = 0.9 + 0.1 * i / Math.max(1, requests - 1);
            double sched = "parallel".equals(variable) ? Math.floor(i / Math.max(1, share)) * lat : i / share;
            long s = base + (long) (sched * 1e9);
            long end = s + (long) (lat * f * 1e9);
            if (i < failures) {
                rec.record(RequestOutcome.failed(s, s, end, ErrorKind.HTTP_5XX));
                continue;
            }
            long ft = s + (long) (first * f * 1e9);
            long gap = (end - ft) / (OUTPUT_TOKENS - 1);
            long[] itl = new long[OUTPUT_TOKENS - 1];
            java.util.Arrays.fill(itl, gap);
            rec.record(new RequestOutcome(s, s, ft, end, 512, OUTPUT_TOKENS, true, itl, null));
        }
        return rec.result(variable, share, "rate".equals(variable) ? share : Double.NaN, (long) Math.ceil(share), null);
    }
}
