package dev.slatune.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Error samples cost nothing where requests succeed: recording a success allocates nothing (the
 * histograms are preallocated), and a failure of a shape already seen allocates only a bounded
 * amount. Measured as bytes allocated by this thread, not as time.
 */
class ErrorPathCostTest {

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void recordingASuccessAllocatesNothingAndTheSamplesStayBounded() {
        ProbeRecorder rec = new ProbeRecorder(Clock.systemUTC());
        long[] gaps = {1_000_000};
        RequestOutcome ok = new RequestOutcome(0, 0, 1_000_000, 2_000_000, 10, 2, true, gaps, null);
        for (int i = 0; i < 20_000; i++) { // warm up: JIT, lazily created state
            rec.record(ok);
        }
        long before = allocated();
        for (int i = 0; i < 100_000; i++) {
            rec.record(ok);
        }
        long perSuccess = (allocated() - before) / 100_000;
        assertThat(perSuccess).as("bytes allocated per recorded success").isZero();

        for (int i = 0; i < 100_000; i++) {
            rec.record(RequestOutcome.failed(
                    0,
                    0,
                    1000,
                    ErrorKind.HTTP_4XX,
                    "HTTP 400: request (" + i + " tokens) exceeds the available context size (1024 tokens)"));
        }
        ProbeResult r = rec.result("parallel", 1, Double.NaN, 1, null);
        assertThat(r.errorSamples())
                .singleElement()
                .satisfies(e -> assertThat(e.count()).isEqualTo(100_000));
    }
}
