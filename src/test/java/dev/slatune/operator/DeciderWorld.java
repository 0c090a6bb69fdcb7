package dev.slatune.operator;

import dev.slatune.api.ProbeStatus;
import dev.slatune.api.SecretKeyReference;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.SlaTuningStatus;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The world of a {@link Decider} test, kept by hand: a resource, its status (the last decision's), the
 * Jobs the observe step would see, and the time. {@link #step()} decides once; the helpers play the
 * cluster (Jobs appear, run, finish) between steps. No API server, no clock.
 */
final class DeciderWorld {

    static final SyntheticTarget TARGET = SyntheticTarget.of(c -> 0.25 + 0.3 * c, r -> 0.0026 * r);
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    final SlaTuning r;
    Decider decider;
    SlaTuningStatus status;
    final Map<String, JobSight> jobs = new LinkedHashMap<>();
    Instant now = T0;
    Optional<Observation.TargetLock> lock = Optional.empty();
    Decider.Decision last;
    /** Whether the load generator saturates on a run of this many pods (the client is the bottleneck). */
    java.util.function.IntPredicate saturatesOn = pods -> false;

    DeciderWorld() {
        this(Tunings.seed1("t"));
    }

    DeciderWorld(SlaTuning r) {
        this.r = r;
        r.getMetadata().setUid("0b7c5d0e-uid-1");
        r.getMetadata().setGeneration(1L);
        r.getSpec().setNumRuns(1);
        r.getSpec().getTarget().setApiKeySecretRef(new SecretKeyReference("llm-key", "token"));
        decider = decider(SearchAdapterHolder.SEARCH, Decider.RunCheck.NONE);
    }

    static Decider decider(SearchPort search, Decider.RunCheck check) {
        return new Decider(
                OperatorSettings.defaults("registry.example/slatune:test"), search, Duration.ofMinutes(2), check);
    }

    /** One decision from the current world; the status becomes the decided one (as if written). */
    Decider.Decision step() {
        last = decider.decide(r, status, new Observation(jobs, now, lock));
        status = last.status();
        return last;
    }

    /** The Jobs the last decision creates appear, running. */
    DeciderWorld created() {
        for (Action.CreateJob c : creates(last)) {
            jobs.put(c.key().name(), sight(c.key(), new JobOutcome.Running(null)));
        }
        return this;
    }

    /** A run is started and its Jobs are seen running. */
    DeciderWorld running() {
        step();
        created();
        step();
        return this;
    }

    /** Every unfinished Job measures the synthetic target and completes. */
    DeciderWorld measured() {
        jobs.replaceAll((name, j) -> j.finished()
                ? j
                : new JobSight(name, j.generation(), true, false, new JobOutcome.Measured(measure(name))));
        return this;
    }

    /** The in-flight Job {@code name} ends with {@code outcome}. */
    DeciderWorld ends(String name, JobOutcome outcome) {
        JobSight j = jobs.get(name);
        jobs.put(name, new JobSight(name, j.generation(), !(outcome instanceof JobOutcome.Running), false, outcome));
        return this;
    }

    /** The name of the first Job of the attempt in flight. */
    String current() {
        return status.getProbes().stream()
                .flatMap(p -> p.getRuns().stream())
                .filter(run -> run.getState().inFlight())
                .findFirst()
                .orElseThrow()
                .getJobs()
                .get(0);
    }

    ProbeResult measure(String job) {
        ProbeStatus probe = status.getProbes().stream()
                .filter(p -> p.getRuns().stream().anyMatch(run -> run.getJobs().contains(job)))
                .findFirst()
                .orElseThrow();
        int pods = probe.getRuns().stream()
                .filter(run -> run.getJobs().contains(job))
                .findFirst()
                .orElseThrow()
                .getJobs()
                .size();
        ProbeResult r = TARGET.measure("parallel", probe.getValue(), probe.getValue(), 40);
        return saturatesOn.test(pods) ? saturated(r) : r;
    }

    /** {@code r} with its client marked as the bottleneck, as the load engine reports it. */
    static ProbeResult saturated(ProbeResult r) {
        try {
            var m = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(ProbeResultCodec.toJson(r));
            tree.with("client").put("saturated", true).put("reason", "client sent late: schedule lag p99 40.0 ms");
            return ProbeResultCodec.fromJson(m.writeValueAsString(tree));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JobSight sight(JobKey key, JobOutcome outcome) {
        return new JobSight(key.name(), key.generation(), !(outcome instanceof JobOutcome.Running), false, outcome);
    }

    static List<Action.CreateJob> creates(Decider.Decision d) {
        return d.actions().stream()
                .filter(Action.CreateJob.class::isInstance)
                .map(Action.CreateJob.class::cast)
                .toList();
    }

    static List<String> deletes(Decider.Decision d) {
        return d.actions().stream()
                .filter(Action.DeleteJob.class::isInstance)
                .map(a -> ((Action.DeleteJob) a).name())
                .toList();
    }

    /** One search for all tests (it is pure). */
    static final class SearchAdapterHolder {
        static final SearchPort SEARCH = new SearchAdapter();
    }
}
