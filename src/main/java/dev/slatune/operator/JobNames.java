package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The label keys of load Jobs and the shortening of names; {@link JobKey} is the identity of one Job.
 * Names fit in 63 characters (the Job controller copies them into the {@code job-name} label of its
 * pods).
 */
public final class JobNames {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "slatune-operator";
    public static final String TUNING = "slatune.dev/tuning";
    /** The owner's UID: the operator takes a Job as its own only when this and the owner reference match. */
    public static final String TUNING_UID = "slatune.dev/tuning-uid";

    public static final String GENERATION = "slatune.dev/generation";
    public static final String PROBE = "slatune.dev/probe";
    public static final String RUN = "slatune.dev/run";
    public static final String ATTEMPT = "slatune.dev/attempt";
    public static final String SHARE = "slatune.dev/share";
    /** The pods of the Job's run (its shares): spec.probe.parallelism, more after a client-limited run. */
    public static final String PODS = "slatune.dev/pods";
    /** The label the Job controller puts on a Job's pods. */
    public static final String JOB_NAME = "job-name";

    static final int MAX_LENGTH = 63;

    private JobNames() {}

    /** The value of the {@link #TUNING} label: the resource name, shortened to fit a label value. */
    public static String tuningLabel(SlaTuning r) {
        return shorten(r.getMetadata().getName(), MAX_LENGTH);
    }

    /**
     * {@code name} when it fits in {@code max}, else a prefix and a hash of the whole name, so two
     * long names that share a prefix still differ.
     */
    static String shorten(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        String hash = sha256(name).substring(0, 8);
        String prefix = name.substring(0, max - hash.length() - 1);
        while (prefix.endsWith("-") || prefix.endsWith(".")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + "-" + hash;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
