package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The identity of one load Job: the resource (name and UID), the generation whose history it
 * measures, the probe, the run, the attempt and the pod share. Its name is a pure function of these,
 * so an operator that restarts between recording an attempt and creating its Jobs computes the same
 * names; the UID part keeps a Job of a deleted and re-created SlaTuning of the same name from ever
 * being taken for one of the new resource.
 *
 * @param tuning the SlaTuning's name
 * @param uid the SlaTuning's UID
 * @param generation the generation the history measures (status.runGeneration)
 * @param probe the probe index
 * @param run the run at that value
 * @param attempt the attempt of that run
 * @param share the pod share
 */
public record JobKey(String tuning, String uid, long generation, int probe, int run, int attempt, int share) {

    /** The key of one share of one attempt of {@code r}. */
    public static JobKey of(SlaTuning r, long generation, int probe, int run, int attempt, int share) {
        return new JobKey(
                r.getMetadata().getName(),
                r.getMetadata().getUid() == null ? "" : r.getMetadata().getUid(),
                generation,
                probe,
                run,
                attempt,
                share);
    }

    /** The Job name, e.g. {@code qwen-g3-p2-r0-a0-s1-5d1f0}: at most 63 characters, a label value too. */
    public String name() {
        String suffix = "-g" + generation + "-p" + probe + "-r" + run + "-a" + attempt + "-s" + share + "-" + uidTag();
        return JobNames.shorten(tuning, JobNames.MAX_LENGTH - suffix.length()) + suffix;
    }

    /** Five hex digits of a hash of the owner's UID: the name part that tells resources of one name apart. */
    public String uidTag() {
        return JobNames.sha256(uid).substring(0, 5);
    }

    /** The labels of the Job and its pods. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "slatune");
        labels.put("app.kubernetes.io/component", "load");
        labels.put(JobNames.MANAGED_BY, JobNames.MANAGED_BY_VALUE);
        labels.put(JobNames.TUNING, JobNames.shorten(tuning, JobNames.MAX_LENGTH));
        labels.put(JobNames.TUNING_UID, uid);
        labels.put(JobNames.GENERATION, Long.toString(generation));
        labels.put(JobNames.PROBE, Integer.toString(probe));
        labels.put(JobNames.RUN, Integer.toString(run));
        labels.put(JobNames.ATTEMPT, Integer.toString(attempt));
        labels.put(JobNames.SHARE, Integer.toString(share));
        return labels;
    }
}
