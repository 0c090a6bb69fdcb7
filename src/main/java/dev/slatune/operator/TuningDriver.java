package dev.slatune.operator;

import dev.slatune.api.GroupResultStatus;
import dev.slatune.api.Phase;
import dev.slatune.api.ProbeStatus;
import dev.slatune.api.RunState;
import dev.slatune.api.RunStatus;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.SlaTuningStatus;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import dev.slatune.metrics.ShareOverlap;
import dev.slatune.metrics.UniformFailure;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One reconcile of a SlaTuning: observe its Jobs, decide one step from the status (the probe
 * history) with the search, act (create or delete Jobs), and record the result in the status it
 * returns. It keeps nothing in memory between calls, so any instance, e.g. a restarted operator,
 * takes the same step from the same status and the same Jobs.
 *
 * <p>Crash safety rests on deterministic Job names: Jobs are created before the status that
 * records them is written, and a Job that already exists under its name is taken as created.
 */
public class TuningDriver {

    private static final Logger LOG = Logger.getLogger(TuningDriver.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final OperatorSettings settings;
    private final SearchPort search;
    private final SpecValidator validator;
    private final LoadJobBuilder jobs;
    private final ResultReader reader;
    private final TuningEvents events;
    private final TuningMetrics metrics;
    private final TargetGate targets;

    public TuningDriver(KubernetesClient client, Clock clock, OperatorSettings settings, SearchPort search,
            TuningEvents events, TuningMetrics metrics) {
        this(client, clock, settings, search, events, metrics, TargetGate.of(client, clock, settings, events));
    }

    public TuningDriver(KubernetesClient client, Clock clock, OperatorSettings settings, SearchPort search,
            TuningEvents events, TuningMetrics metrics, TargetGate targets) {
        this.targets = targets;
        this.client = client;
        this.clock = clock;
        this.settings = settings;
        this.search = search;
        this.validator = new SpecValidator(settings, search);
        this.jobs = new LoadJobBuilder(settings);
        this.reader = new ResultReader(client);
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * What a reconcile did.
     *
     * @param statusChanged whether the status must be written
     * @param requeueAfter when to look again even without an event, if at all
     */
    public record Outcome(boolean statusChanged, Optional<Duration> requeueAfter) {
    }

    /** Takes one step for {@code r}, whose Jobs (all generations) are {@code owned}; updates {@code r}'s status. */
    public Outcome reconcile(SlaTuning r, Collection<Job> owned) {
        if (r.getStatus() == null) {
            r.setStatus(new SlaTuningStatus());
        }
        SlaTuningStatus st = r.getStatus();
        String before = Serialization.asJson(st);
        long generation = generation(r);
        cancel(owned, j -> !Long.toString(generation).equals(label(j, JobNames.GENERATION)), "spec changed");
        if (!Objects.equals(st.getObservedGeneration(), generation)) {
            begin(r, st, generation);
        }
        Duration again = null;
        if (!st.getPhase().terminal()) {
            // One tuning per target: wait (bounded) while another SlaTuning loads it.
            TargetGate.Turn turn = targets.hold(r, st, generation);
            if (turn instanceof TargetGate.Turn.GiveUp g) {
                fail(r, st, TargetGate.BUSY_REASON, g.message());
            } else if (turn instanceof TargetGate.Turn.Wait w) {
                again = w.after();
            } else {
                again = advance(r, st, generation, owned);
            }
        }
        if (st.getPhase().terminal()) {
            cancel(owned, j -> ResultReader.finished(j).isEmpty(), "the run is over");
            targets.release(r);
        }
        return new Outcome(!Serialization.asJson(st).equals(before), Optional.ofNullable(again));
    }

    /** Deletes the Jobs of a resource being deleted (owner references do it too, where a garbage collector runs). */
    public void cleanup(SlaTuning r, Collection<Job> owned) {
        cancel(owned, j -> true, "the SlaTuning is deleted");
        targets.release(r);
        metrics.forget(r.getMetadata().getNamespace(), r.getMetadata().getName());
    }

    /** A new generation: forget the old history, check the spec. */
    private void begin(SlaTuning r, SlaTuningStatus st, long generation) {
        Instant now = clock.instant();
        st.setObservedGeneration(generation);
        st.setProbes(new ArrayList<>());
        st.setResults(new ArrayList<>());
        st.setResult(null);
        st.setStartTime(now.toString());
        st.setCompletionTime(null);
        st.setPromptLengths(LoadPodOptions.promptLengths(r.getSpec()));
        Optional<SpecProblem> problem = validator.validate(r.getSpec());
        if (problem.isPresent()) {
            SpecProblem p = problem.get();
            fail(r, st, p.reason(), p.describe());
            return;
        }
        st.setPhase(Phase.Pending);
        Conditions.set(st, Conditions.READY, "False", "Pending", "the search has not finished", generation, now);
        Conditions.set(st, Conditions.PROGRESSING, "True", "Started", "generation " + generation + " accepted",
                generation, now);
        Conditions.set(st, Conditions.SLA_SATISFIED, "Unknown", "Pending", "no answer yet", generation, now);
    }

    /** Observes the run in flight, then lets the search pick the next step. Returns when to look again. */
    private Duration advance(SlaTuning r, SlaTuningStatus st, long generation, Collection<Job> owned) {
        ResolvedSpec spec = ResolvedSpec.of(r.getSpec(), settings);
        Map<String, Job> byName = owned.stream()
                .collect(Collectors.toMap(j -> j.getMetadata().getName(), Function.identity(), (a, b) -> a));
        for (ProbeStatus p : st.getProbes()) {
            for (RunStatus run : p.getRuns()) {
                if (run.getState() == RunState.Running) {
                    boolean done = observe(r, st, spec, generation, p, run, byName);
                    if (!done || st.getPhase().terminal()) {
                        return done ? null : poll();
                    }
                }
            }
        }
        return decide(r, st, spec, generation);
    }

    /** Reads the Jobs of a run in flight; true once the run is over (measured or failed for good). */
    private boolean observe(SlaTuning r, SlaTuningStatus st, ResolvedSpec spec, long generation, ProbeStatus p,
            RunStatus run, Map<String, Job> byName) {
        List<LoadShare> shares = shares(spec, p.getValue());
        List<JobOutcome> outcomes = new ArrayList<>();
        for (LoadShare share : shares) {
            String name = JobNames.job(r, generation, p.getIndex(), run.getRun(), run.getAttempt(), share.index());
            Job job = byName.get(name);
            if (job == null) {
                // Recorded but not (or no longer) seen: create it; if it exists the cache lags, no harm.
                create(jobs.build(r, spec, generation, p.getIndex(), p.getValue(), run.getRun(), run.getAttempt(),
                        share, startAt(run, shares)));
                outcomes.add(new JobOutcome.Running());
            } else {
                outcomes.add(reader.read(job));
            }
        }
        Optional<JobOutcome.Failed> failed = outcomes.stream().filter(JobOutcome.Failed.class::isInstance)
                .map(JobOutcome.Failed.class::cast).findFirst();
        if (failed.isPresent()) {
            onFailure(r, st, spec, generation, p, run, shares, byName, failed.get());
            return run.getState() != RunState.Running;
        }
        if (outcomes.stream().anyMatch(JobOutcome.Running.class::isInstance)) {
            return false;
        }
        List<ProbeResult> parts = outcomes.stream().map(o -> ((JobOutcome.Measured) o).result()).toList();
        ShareOverlap.Verdict overlap = ShareOverlap.check(parts, Optional.ofNullable(startAt(run, shares)));
        if (!overlap.overlapped()) {
            // The label "the whole pressure" was not true for the whole window: measure again.
            onFailure(r, st, spec, generation, p, run, shares, byName,
                    new JobOutcome.Failed(true, "SharesDidNotOverlap", overlap.message()));
            return run.getState() != RunState.Running;
        }
        record(r, st, spec, p, run, withValue(ProbeResult.merge(parts, ProbeResult.MergeMode.CONCURRENT),
                p.getValue()));
        return true;
    }

    private void onFailure(SlaTuning r, SlaTuningStatus st, ResolvedSpec spec, long generation, ProbeStatus p,
            RunStatus run, List<LoadShare> shares, Map<String, Job> byName, JobOutcome.Failed f) {
        Instant now = clock.instant();
        // The other shares of this attempt measure a load that is no longer whole: stop them.
        cancel(run.getJobs().stream().map(byName::get).filter(Objects::nonNull).toList(),
                j -> ResultReader.finished(j).isEmpty(), "a sibling share failed");
        run.setReason(f.reason());
        run.setMessage(f.message());
        String at = spec.variable().key() + "=" + SpecValidator.num(p.getValue());
        if (f.retryable() && run.getAttempt() < spec.retries()) {
            int attempt = run.getAttempt() + 1;
            run.setAttempt(attempt);
            run.setStartTime(now.toString());
            run.setJobs(createRun(r, spec, generation, p, run.getRun(), attempt, shares));
            metrics.runFinished("retried");
            events.warning(r, "ProbeRetried", "run " + run.getRun() + " at " + at + " failed (" + f.reason()
                    + "), attempt " + (attempt + 1) + " of " + (spec.retries() + 1) + ": " + f.message());
            return;
        }
        run.setState(RunState.Failed);
        run.setCompletionTime(now.toString());
        metrics.runFinished("failed");
        String reason = f.retryable() ? "ProbeFailed" : f.reason();
        String message = f.retryable()
                ? "run " + run.getRun() + " at " + at + " failed " + (run.getAttempt() + 1) + " time(s); last: "
                        + f.message()
                : f.message();
        fail(r, st, reason, message);
    }

    /** Records a measured run and the verdicts at its value. */
    private void record(SlaTuning r, SlaTuningStatus st, ResolvedSpec spec, ProbeStatus p, RunStatus run,
            ProbeResult result) {
        run.setState(RunState.Succeeded);
        run.setCompletionTime(clock.instant().toString());
        run.setReason(null);
        run.setMessage(null);
        run.setMetrics(Summaries.of(result));
        ClientLimits.mark(p, run, result).ifPresent(why -> events.warning(r, "ClientLimited", "run " + run.getRun()
                + " at " + spec.variable().key() + "=" + SpecValidator.num(p.getValue()) + ": " + why));
        run.setMeasurement(ProbeResultCodec.toJson(result));
        SearchPort.Point point = point(p);
        p.setMetrics(Summaries.of(ProbeResult.merge(point.runs(), ProbeResult.MergeMode.SEQUENTIAL)));
        p.setVerdicts(search.verdicts(spec, point));
        metrics.runFinished("measured");
        String verdicts = p.getVerdicts().stream()
                .map(v -> v.getCriteria() + ": " + (Boolean.TRUE.equals(v.getPass()) ? "pass" : "fail"))
                .collect(Collectors.joining(", "));
        run.setMessage(FailureWords.ofRun(result));
        events.normal(r, "ProbeFinished", "run " + run.getRun() + " at " + spec.variable().key() + "="
                + SpecValidator.num(p.getValue()) + " measured: " + run.getMetrics().getSucceeded() + "/"
                + run.getMetrics().getRequests() + " requests succeeded; " + verdicts
                + (run.getMessage() == null ? "" : "; " + run.getMessage()));
        stopIfEveryRequestFailedAlike(r, st, spec, p, result);
    }

    /**
     * The decision "no other pressure can pass": every request of this run failed the same way for
     * a reason the load does not change (see {@link UniformFailure}). The tuning ends in Error with
     * the server's words, as {@code slatune tune} exits 2.
     */
    private void stopIfEveryRequestFailedAlike(SlaTuning r, SlaTuningStatus st, ResolvedSpec spec, ProbeStatus p,
            ProbeResult result) {
        UniformFailure.of(result).ifPresent(why -> fail(r, st, "RequestsRejected", "at " + spec.variable().key()
                + "=" + SpecValidator.num(p.getValue()) + " " + why));
    }

    /** Asks the search for the next step and takes it. */
    private Duration decide(SlaTuning r, SlaTuningStatus st, ResolvedSpec spec, long generation) {
        Instant now = clock.instant();
        SearchPort.Decision next;
        try {
            next = search.next(spec, history(st));
        } catch (RuntimeException e) {
            LOG.warnf(e, "search failed for %s/%s", r.getMetadata().getNamespace(), r.getMetadata().getName());
            fail(r, st, "SearchFailed", "the search failed: " + e.getMessage());
            return null;
        }
        if (next instanceof SearchPort.Finish finish) {
            finish(r, st, spec, finish.results());
            return null;
        }
        double value = ((SearchPort.Measure) next).value();
        Optional<Instant> lastEnd = st.getProbes().stream().flatMap(p -> p.getRuns().stream())
                .map(RunStatus::getCompletionTime).filter(Objects::nonNull).map(Instant::parse)
                .max(Instant::compareTo);
        if (lastEnd.isPresent() && spec.cooldownSeconds() > 0) {
            Duration wait = Duration.between(now, lastEnd.get().plusSeconds(spec.cooldownSeconds()));
            if (!wait.isNegative() && !wait.isZero()) {
                st.setPhase(Phase.Running);
                Conditions.set(st, Conditions.PROGRESSING, "True", "CoolingDown", "waiting "
                        + spec.cooldownSeconds() + "s before the next run", generation, now);
                return wait;
            }
        }
        ProbeStatus p = st.getProbes().stream().filter(x -> x.getValue() == value).findFirst().orElseGet(() -> {
            ProbeStatus created = new ProbeStatus();
            created.setIndex(st.getProbes().size());
            created.setValue(value);
            st.getProbes().add(created);
            return created;
        });
        RunStatus run = new RunStatus();
        run.setRun(p.getRuns().size());
        run.setAttempt(0);
        run.setState(RunState.Running);
        run.setStartTime(now.toString());
        p.getRuns().add(run); // first, so that its Jobs take their agreed start from it
        run.setJobs(createRun(r, spec, generation, p, run.getRun(), 0, shares(spec, value)));
        String at = spec.variable().key() + "=" + SpecValidator.num(value);
        st.setPhase(Phase.Running);
        Conditions.set(st, Conditions.PROGRESSING, "True", "ProbeRunning", "measuring " + at + " (value "
                + (p.getIndex() + 1) + ", run " + (run.getRun() + 1) + ")", generation, now);
        metrics.runStarted();
        events.normal(r, "ProbeStarted", "measuring " + at + ", run " + run.getRun() + " (" + run.getJobs().size()
                + " Job" + (run.getJobs().size() == 1 ? "" : "s") + ")");
        return poll();
    }

    /** The search is over: record the answer and judge it against the expectation. */
    private void finish(SlaTuning r, SlaTuningStatus st, ResolvedSpec spec, List<GroupResultStatus> results) {
        Instant now = clock.instant();
        long generation = st.getObservedGeneration();
        st.setResults(new ArrayList<>(results));
        st.setResult(results.stream().map(g -> g.getMaxSatisfied() == null ? "none"
                : SpecValidator.num(g.getMaxSatisfied())).collect(Collectors.joining(", ")));
        st.setCompletionTime(now.toString());
        for (GroupResultStatus g : results) {
            metrics.maxSatisfied(r.getMetadata().getNamespace(), r.getMetadata().getName(), g.getCriteria(),
                    g.getMaxSatisfied());
        }
        List<String> unsatisfied = results.stream().filter(g -> g.getMaxSatisfied() == null)
                .map(GroupResultStatus::getCriteria).toList();
        Double min = spec.minSatisfied();
        List<String> below = min == null ? List.of() : results.stream()
                .filter(g -> g.getMaxSatisfied() == null || g.getMaxSatisfied() < min)
                .map(g -> g.getCriteria() + " (" + (g.getMaxSatisfied() == null ? "none"
                        : SpecValidator.num(g.getMaxSatisfied())) + ")")
                .toList();
        String answer = spec.variable().key() + " max satisfied: " + st.getResult();
        Conditions.set(st, Conditions.PROGRESSING, "False", "Completed", "the search finished after "
                + st.getProbes().size() + " values", generation, now);
        if (!below.isEmpty()) {
            String msg = "below the expected minimum " + SpecValidator.num(min) + ": " + String.join(", ", below);
            st.setPhase(Phase.Failed);
            Conditions.set(st, Conditions.READY, "False", "BelowExpectation", msg, generation, now);
            Conditions.set(st, Conditions.SLA_SATISFIED, "False", "BelowExpectation", msg, generation, now);
            events.warning(r, "TuningFailed", answer + "; " + msg);
        } else {
            st.setPhase(Phase.Succeeded);
            Conditions.set(st, Conditions.READY, "True", "Succeeded", answer, generation, now);
            if (unsatisfied.isEmpty()) {
                Conditions.set(st, Conditions.SLA_SATISFIED, "True", "Satisfied", answer, generation, now);
            } else {
                Conditions.set(st, Conditions.SLA_SATISFIED, "False", "NotSatisfied", "satisfied at no value: "
                        + String.join(", ", unsatisfied), generation, now);
            }
            events.normal(r, "TuningSucceeded", answer);
        }
        metrics.tuningFinished(st.getPhase().name());
    }

    /** Ends the run in Error. */
    private void fail(SlaTuning r, SlaTuningStatus st, String reason, String message) {
        Instant now = clock.instant();
        long generation = st.getObservedGeneration();
        st.setPhase(Phase.Error);
        st.setCompletionTime(now.toString());
        Conditions.set(st, Conditions.READY, "False", reason, message, generation, now);
        Conditions.set(st, Conditions.PROGRESSING, "False", reason, message, generation, now);
        Conditions.set(st, Conditions.SLA_SATISFIED, "Unknown", reason, "no answer: the run did not complete",
                generation, now);
        events.warning(r, reason, message);
        metrics.tuningFinished(Phase.Error.name());
    }

    /** Creates the Jobs of one attempt of one run; returns their names. */
    private List<String> createRun(SlaTuning r, ResolvedSpec spec, long generation, ProbeStatus p, int run,
            int attempt, List<LoadShare> shares) {
        List<String> names = new ArrayList<>();
        Long startAt = p.getRuns().stream().filter(x -> x.getRun() == run).findFirst()
                .map(x -> startAt(x, shares))
                .orElseGet(() -> ShareStart.of(clock.instant(), shares.size(), settings.access().shareStartLeadSeconds()));
        for (LoadShare share : shares) {
            Job job = jobs.build(r, spec, generation, p.getIndex(), p.getValue(), run, attempt, share, startAt);
            create(job);
            names.add(job.getMetadata().getName());
        }
        return names;
    }

    private void create(Job job) {
        try {
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // Created before a restart (or the cache has not seen it yet): the name says it is ours.
            LOG.debugf("Job %s exists already", job.getMetadata().getName());
        }
    }

    private void cancel(Collection<Job> candidates, java.util.function.Predicate<Job> which, String why) {
        for (Job j : candidates) {
            if (j.getMetadata().getDeletionTimestamp() == null && which.test(j)) {
                LOG.infof("deleting Job %s/%s: %s", j.getMetadata().getNamespace(), j.getMetadata().getName(), why);
                client.batch().v1().jobs().inNamespace(j.getMetadata().getNamespace())
                        .withName(j.getMetadata().getName())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
        }
    }

    private Long startAt(RunStatus run, List<LoadShare> shares) {
        return ShareStart.of(run, shares.size(), settings.access().shareStartLeadSeconds());
    }

    private List<LoadShare> shares(ResolvedSpec spec, double value) {
        return LoadShare.of(spec, value);
    }

    /** The measurements so far, one point per value in the order first measured. */
    static List<SearchPort.Point> history(SlaTuningStatus st) {
        return st.getProbes().stream().map(TuningDriver::point).filter(p -> !p.runs().isEmpty()).toList();
    }

    private static SearchPort.Point point(ProbeStatus p) {
        return new SearchPort.Point(p.getValue(), p.getRuns().stream()
                .filter(run -> run.getState() == RunState.Succeeded && run.getMeasurement() != null)
                .map(run -> ProbeResultCodec.fromJson(run.getMeasurement()))
                .toList());
    }

    /** The merge of concurrent shares sums their values; the run measured exactly the value asked for. */
    static ProbeResult withValue(ProbeResult r, double value) {
        return r.withValue(value);
    }

    private Duration poll() {
        return Duration.ofSeconds(settings.pollSeconds());
    }

    private static long generation(SlaTuning r) {
        Long g = r.getMetadata().getGeneration();
        return g == null ? 1 : g;
    }

    private static String label(Job j, String key) {
        return j.getMetadata().getLabels() == null ? null : j.getMetadata().getLabels().get(key);
    }
}
