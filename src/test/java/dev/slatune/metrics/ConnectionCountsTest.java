package dev.slatune.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connection counts in the client statistics: recorded, merged, written and read back. */
class ConnectionCountsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final long MS = 1_000_000L;

    static ProbeResult probe(int opened, int resent) {
        ProbeRecorder rec = new ProbeRecorder(CLOCK);
        for (int i = 0; i < 4; i++) {
            rec.record(
                    new RequestOutcome(i * MS, i * MS, (i + 1) * MS, (i + 2) * MS, 10, 2, true, new long[] {MS}, null));
            rec.recordConnections(i < opened ? 1 : 0, i < resent);
        }
        return rec.result("parallel", 2, Double.NaN, 2, null);
    }

    @Test
    void recorderCountsOpenedConnectionsAndResendsOfMeasuredRequests() {
        ProbeResult r = probe(3, 1);
        assertThat(r.client().connectionsOpened()).isEqualTo(3);
        assertThat(r.client().reconnects()).isEqualTo(1);
        assertThat(r.requests().failed()).as("a resend is not a failure").isZero();
    }

    @Test
    void mergedResultsAddTheCounts() {
        for (ProbeResult.MergeMode mode : ProbeResult.MergeMode.values()) {
            ProbeResult m = ProbeResult.merge(List.of(probe(3, 1), probe(4, 2)), mode);
            assertThat(m.client().connectionsOpened()).as(mode.name()).isEqualTo(7);
            assertThat(m.client().reconnects()).as(mode.name()).isEqualTo(3);
        }
    }

    @Test
    void countsSurviveTheCodecAndOldResultsReadAsZero() {
        ProbeResult r = ProbeResultCodec.fromJson(ProbeResultCodec.toJson(probe(2, 1)));
        assertThat(r.client().connectionsOpened()).isEqualTo(2);
        assertThat(r.client().reconnects()).isEqualTo(1);
        String old = ProbeResultCodec.toJson(probe(0, 0)).replace(",\"connectionsOpened\":0,\"reconnects\":0", "");
        assertThat(old).doesNotContain("connectionsOpened");
        assertThat(ProbeResultCodec.fromJson(old).client().reconnects()).isZero();
    }
}
