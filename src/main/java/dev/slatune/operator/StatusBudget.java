package dev.slatune.operator;

import dev.slatune.api.SlaTuningStatus;
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

    // Sizes measured by StatusBudgetTest (wide latency spreads, 2,000 requests per run), with room.
    /** Conditions, timestamps, digests: everything but the probes and the per-group rows. */
    static final int FIXED_BYTES = 4 * 1024;
    /** The longest messages: the run in flight's and the conditions' (one of each at a time). */
    static final int MESSAGE_BYTES = 2 * 512;
    /** One result row and one verdict per rule group (measured 150 each; room for long rules and confidence). */
    static final int PER_GROUP_BYTES = 400;
    /** A probe without its runs, pool and verdicts: index, value, pooled metrics (measured 250). */
    static final int PROBE_BYTES = 400;
    /** The pool of a probe: {@link RunRecords#POOL_MAX_BYTES} as an escaped JSON string. */
    static final int POOLED_BYTES = RunRecords.POOL_MAX_BYTES + 160;
    /** One recorded run as compacted: state, times, one Job name, its summary (measured 860). */
    static final int RUN_BYTES = 960;
    /** The metrics of one recorded run, dropped when the status nears its budget (measured 197). */
    static final int RUN_METRICS_BYTES = 220;
    /** Each further Job name of a multi-pod run. */
    static final int JOB_NAME_BYTES = 66;

    private StatusBudget() {}

    /** The size of {@code status} as the API server stores it (JSON, UTF-8). */
    public static int bytes(SlaTuningStatus status) {
        return Serialization.asJson(status).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The most a status can take for a spec, compacted: every probe measured with every run, the
     * longest messages, per-run metrics dropped (the guard drops them before the budget is reached).
     */
    public static long worstCase(int maxProbes, int numRuns, int groups, int pods) {
        long run = RUN_BYTES + (long) (pods - 1) * JOB_NAME_BYTES;
        long probe = PROBE_BYTES + POOLED_BYTES + (long) groups * PER_GROUP_BYTES + numRuns * run;
        return FIXED_BYTES + MESSAGE_BYTES + (long) groups * PER_GROUP_BYTES + maxProbes * probe;
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
        return RUN_BYTES
                + RUN_METRICS_BYTES
                + MESSAGE_BYTES
                + pods * JOB_NAME_BYTES
                + POOLED_BYTES
                + PROBE_BYTES
                + groups * PER_GROUP_BYTES;
    }
}
