package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic names and labels of load Jobs. The name is a pure function of the resource name,
 * its generation, the probe index, the run, the attempt and the pod share, so an operator that
 * restarts between creating a Job and recording it computes the same name and finds the Job
 * instead of creating a second one. Names fit in 63 characters (the Job controller copies them
 * into the {@code job-name} label of its pods).
 */
public final class JobNames {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "slatune-operator";
    public static final String TUNING = "slatune.dev/tuning";
    public static final String GENERATION = "slatune.dev/generation";
    public static final String PROBE = "slatune.dev/probe";
    public static final String RUN = "slatune.dev/run";
    public static final String ATTEMPT = "slatune.dev/attempt";
    public static final String SHARE = "slatune.dev/share";
    /** The label the Job controller puts on a Job's pods. */
    public static final String JOB_NAME = "job-name";

    static final int MAX_LENGTH = 63;

    private JobNames() {
    }

    /** The name of one load Job, e.g. {@code qwen-g3-p2-r0-a0-s1}. */
    public static String job(SlaTuning r, long generation, int probe, int run, int attempt, int share) {
        String suffix = "-g" + generation + "-p" + probe + "-r" + run + "-a" + attempt + "-s" + share;
        return shorten(r.getMetadata().getName(), MAX_LENGTH - suffix.length()) + suffix;
    }

    /** The value of the {@link #TUNING} label: the resource name, shortened to fit a label value. */
    public static String tuningLabel(SlaTuning r) {
        return shorten(r.getMetadata().getName(), MAX_LENGTH);
    }

    /** The labels every load Job (and its pods) carries. */
    public static Map<String, String> labels(SlaTuning r, long generation, int probe, int run, int attempt,
            int share) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "slatune");
        labels.put("app.kubernetes.io/component", "load");
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(TUNING, tuningLabel(r));
        labels.put(GENERATION, Long.toString(generation));
        labels.put(PROBE, Integer.toString(probe));
        labels.put(RUN, Integer.toString(run));
        labels.put(ATTEMPT, Integer.toString(attempt));
        labels.put(SHARE, Integer.toString(share));
        return labels;
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

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
