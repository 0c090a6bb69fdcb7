package dev.slatune.operator;

import dev.slatune.api.SlaTuningStatus;
import dev.slatune.metrics.ProbeResultCodec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;

/**
 * How big a SlaTuning's status may grow. The API server refuses objects over about 1.5 MiB (etcd's
 * request limit), and the whole status is written on every change, so the operator keeps it far
 * below: {@link #BUDGET_BYTES}. The validator refuses a spec whose worst case exceeds the budget;
 * at run time {@link Decider} compacts the status, or ends the run in {@code Error} with reason
 * {@code StatusTooLarge}, before a write could be refused. docs/operator-status.md has the measured
 * sizes.
 */
public final class StatusBudget {

    /** The most bytes of JSON a status may take. */
    public static final int BUDGET_BYTES = 256 * 1024;

    /** Conditions, results and timestamps: everything but the probes (measured, with room). */
    static final int FIXED_BYTES = 4 * 1024;
    /** One result row and one verdict per rule group (measured, with room for long rules). */
    static final int PER_GROUP_BYTES = 640;
    /** A probe without its runs and pool: index, value, metrics (measured, with room). */
    static final int PROBE_BYTES = 600;
    /** The pool of a probe: a compact ProbeResult (the codec's cap) as an escaped JSON string. */
    static final int POOLED_BYTES = ProbeResultCodec.MAX_BYTES + 256;
    /** One run: state, times, reason, its metrics and its summary (measured, with room). */
    static final int RUN_BYTES = 1_500;
    /** One Job name in a run's list. */
    static final int JOB_NAME_BYTES = 66;
    /** The longest message a run keeps. */
    static final int MESSAGE_BYTES = 320;

    private StatusBudget() {
    }

    /** The size of {@code status} as the API server stores it (JSON, UTF-8). */
    public static int bytes(SlaTuningStatus status) {
        return Serialization.asJson(status).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The most a status can take for a spec: every probe measured with every run, the longest messages. */
    public static long worstCase(int maxProbes, int numRuns, int groups, int pods) {
        long run = RUN_BYTES + MESSAGE_BYTES + (long) pods * JOB_NAME_BYTES;
        long probe = PROBE_BYTES + POOLED_BYTES + (long) groups * PER_GROUP_BYTES + numRuns * run;
        return FIXED_BYTES + (long) groups * PER_GROUP_BYTES + maxProbes * probe;
    }

    /** The most probes that fit the budget with {@code numRuns} runs each. */
    public static int maxProbesWithin(int numRuns, int groups, int pods) {
        int n = 0;
        while (worstCase(n + 1, numRuns, groups, pods) <= BUDGET_BYTES) {
            n++;
        }
        return n;
    }

    /** What one more recorded run can add: the margin a status must keep before an attempt starts. */
    public static int headroom(int groups, int pods) {
        return RUN_BYTES + MESSAGE_BYTES + pods * JOB_NAME_BYTES + POOLED_BYTES + PROBE_BYTES
                + groups * PER_GROUP_BYTES;
    }
}
