package dev.slatune.operator;

import dev.slatune.api.GroupResultStatus;
import dev.slatune.api.Phase;
import dev.slatune.api.ProbeStatus;
import dev.slatune.api.RunState;
import dev.slatune.api.RunStatus;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.SlaTuningSpec;
import dev.slatune.api.SlaTuningStatus;
import dev.slatune.metrics.ProbeResult;
import dev.slatune.metrics.ProbeResultCodec;
import dev.slatune.metrics.ShareOverlap;
import dev.slatune.metrics.UniformFailure;
import dev.slatune.sla.Numbers;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The decide step of a reconcile, a pure function: the resource (spec and identity), its status and
 * what the observe step saw give the new status and the actions to take. No API calls, no clock, no
 * memory between calls: a restarted operator takes the same step from the same inputs, and every
 * scenario is a table row in a unit test.
 *
 * <p>The rules that keep the status the record: an attempt is written to the status (as
 * {@link RunState#Pending}) before its Jobs are created; a recorded Job that vanished is never
 * re-created (the run is {@link RunState#Aborted}); interrupted attempts are measured again and never
 * recorded; the status never grows past {@link StatusBudget}.
 */
public final class Decider {

    /** An interrupted (drained, evicted, suspended) run is measured again at most this often. */
    static final int MAX_INTERRUPTIONS = 5;
    /** How soon a run in flight is looked at again: pods are not watched, so pod trouble shows within this. */
    static final Duration RUN_CHECK = Duration.ofSeconds(15);

    /**
     * A check of the measured shares of one run before it is recorded: a failure with a retryable
     * reason (e.g. {@link Reason#SharesNotOverlapping}) measures the run again, never records it.
     */
    @FunctionalInterface
    public interface RunCheck {
        Optional<JobOutcome.Failed> check(ResolvedSpec spec, List<ProbeResult> shares);

        RunCheck NONE = (spec, shares) -> Optional.empty();
    }

    /** The new status, what to do, and when to look again (empty: only on an event). */
    public record Decision(SlaTuningStatus status, List<Action> actions, Optional<Duration> requeueAfter) {}

    private final OperatorSettings settings;
    private final SearchPort search;
    private final SpecValidator validator;
    private final Duration unschedulableGrace;
    private final RunCheck runCheck;

    public Decider(OperatorSettings settings, SearchPort search, Duration unschedulableGrace, RunCheck runCheck) {
        this.settings = settings;
        this.search = search;
        this.validator = new SpecValidator(settings, search);
        this.unschedulableGrace = unschedulableGrace;
        this.runCheck = runCheck;
    }

    /** The step for {@code r} with status {@code current} (null: none yet), given what was {@code seen}. */
    public Decision decide(SlaTuning r, SlaTuningStatus current, Observation seen) {
        Step s = new Step(r, current == null ? new SlaTuningStatus() : copy(current), seen);
        s.run();
        return new Decision(s.st, List.copyOf(s.actions), Optional.ofNullable(s.again));
    }

    /** The digest of a spec without {@code suspend}: what must change for the history to start over. */
    static String digest(SlaTuningSpec spec) {
        SlaTuningSpec c = Serialization.unmarshal(Serialization.asJson(spec), SlaTuningSpec.class);
        c.setSuspend(null);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(c).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static SlaTuningStatus copy(SlaTuningStatus st) {
        return Serialization.unmarshal(Serialization.asJson(st), SlaTuningStatus.class);
    }

    /** The shares of a run at {@code value} on {@code pods} pods. */
    static List<LoadShare> shares(ResolvedSpec spec, double value, int pods) {
        return LoadShare.of(spec, value, pods);
    }

    /** The measurements so far, one point per value in the order first measured. */
    static List<SearchPort.Point> history(SlaTuningStatus st) {
        return st.getProbes().stream()
                .map(Decider::point)
                .filter(p -> !p.runs().isEmpty())
                .toList();
    }

    static SearchPort.Point point(ProbeStatus p) {
        List<ProbeResult> runs = p.getRuns().stream()
                .filter(run -> run.getState() == RunState.Succeeded && run.getSummary() != null)
                .map(run -> RunRecords.fromSummary(run.getSummary()))
                .toList();
        ProbeResult pooled = p.getPooled() == null ? null : ProbeResultCodec.fromJson(p.getPooled());
        return new SearchPort.Point(p.getValue(), runs, pooled);
    }

    /** One decision in progress: the working status, the actions so far, when to look again. */
    private final class Step {
        final SlaTuning r;
        final SlaTuningStatus st;
        final Observation seen;
        final Instant now;
        final List<Action> actions = new ArrayList<>();
        Duration again;
        ResolvedSpec spec;

        Step(SlaTuning r, SlaTuningStatus st, Observation seen) {
            this.r = r;
            this.st = st;
            this.seen = seen;
            this.now = seen.now();
        }

        long generation() {
            Long g = r.getMetadata().getGeneration();
            return g == null ? 1 : g;
        }

        long runGeneration() {
            return st.getRunGeneration() == null ? generation() : st.getRunGeneration();
        }

        void run() {
            body();
            // Conditions describe the spec of this generation: a change of spec.suspend alone keeps the history.
            st.getConditions().forEach(c -> c.setObservedGeneration(generation()));
        }

        void body() {
            String digest = digest(r.getSpec());
            if (!digest.equals(st.getSpecDigest())) {
                delete(j -> true, true, "spec changed");
                begin(digest);
            }
            st.setObservedGeneration(generation());
            // Jobs of an older history, finished or not: the spec changed under them.
            delete(j -> j.generation() != runGeneration(), true, "spec changed");
            if (st.getPhase() == null || st.getPhase().terminal()) {
                deleteUnfinished(j -> true, "the run is over");
                return;
            }
            spec = ResolvedSpec.of(r.getSpec(), settings);
            if (Boolean.TRUE.equals(r.getSpec().getSuspend())) {
                suspend();
                return;
            }
            if (st.getPhase() == Phase.Suspended) {
                st.setPhase(Phase.Running);
                condition(
                        ConditionType.Progressing,
                        ConditionStatus.True,
                        Reason.Resumed,
                        "spec.suspend is false: the search continues");
                actions.add(new Action.Emit(false, Reason.Resumed, "resumed: the search continues"));
            }
            Optional<Located> inFlight = inFlight();
            if (inFlight.isPresent()) {
                follow(inFlight.get());
                if (inFlight().isPresent() || st.getPhase().terminal()) {
                    return;
                }
            }
            next();
            guard();
        }

        /** A new history: forget the old one, check the spec. */
        void begin(String digest) {
            st.setSpecDigest(digest);
            st.setRunGeneration(generation());
            st.setObservedGeneration(generation());
            st.setProbes(new ArrayList<>());
            st.setResults(new ArrayList<>());
            st.setResult(null);
            st.setStartTime(now.toString());
            st.setCompletionTime(null);
            st.setPromptLengths(LoadPodOptions.promptLengths(r.getSpec()));
            Optional<SpecProblem> problem = validator.validate(r.getSpec());
            if (problem.isPresent()) {
                SpecProblem p = problem.get();
                fail(p.reason(), p.describe());
                return;
            }
            st.setPhase(Phase.Pending);
            condition(ConditionType.Ready, ConditionStatus.False, Reason.Pending, "the search has not finished");
            condition(
                    ConditionType.Progressing,
                    ConditionStatus.True,
                    Reason.Started,
                    "generation " + generation() + " accepted");
            condition(ConditionType.SlaSatisfied, ConditionStatus.Unknown, Reason.Pending, "no answer yet");
        }

        /** spec.suspend: delete the Jobs in flight; their run starts over as a new attempt on resume. */
        void suspend() {
            inFlight()
                    .filter(l -> !(l.run().getState() == RunState.Pending
                            && Reason.Suspended.name().equals(l.run().getReason())))
                    .ifPresent(l -> {
                        deleteAttempt(l, "spec.suspend is true");
                        newAttempt(
                                l, false, Reason.Suspended, "suspended before it finished; measured again on resume");
                    });
            if (st.getPhase() != Phase.Suspended) {
                actions.add(new Action.Emit(
                        false, Reason.Suspended, "suspended: load Jobs deleted, " + runs() + " recorded run(s) kept"));
            }
            st.setPhase(Phase.Suspended);
            condition(
                    ConditionType.Progressing,
                    ConditionStatus.False,
                    Reason.Suspended,
                    "spec.suspend is true: no load runs; set it to false to continue");
        }

        /** Follows the run in flight: records it, retries it, or waits. */
        void follow(Located l) {
            RunStatus run = l.run();
            List<JobKey> keys = keys(l);
            List<JobSight> sights =
                    keys.stream().map(k -> seen.jobs().get(k.name())).toList();
            if (run.getState() == RunState.Pending) {
                if (sights.stream().anyMatch(Objects::isNull)) {
                    // Recorded, not (yet) seen: create what is missing; a Job that exists already is
                    // checked to be ours on the conflict.
                    List<LoadShare> shares = shares(spec, l.probe().getValue(), pods(run));
                    for (int i = 0; i < keys.size(); i++) {
                        if (sights.get(i) == null) {
                            actions.add(new Action.CreateJob(
                                    keys.get(i), l.probe().getValue(), shares.get(i), startAt(run, shares.size())));
                        }
                    }
                    again = RUN_CHECK;
                    return;
                }
                run.setState(RunState.Running);
            }
            Optional<JobKey> vanished = java.util.stream.IntStream.range(0, keys.size())
                    .filter(i -> sights.get(i) == null)
                    .mapToObj(keys::get)
                    .findFirst();
            if (vanished.isPresent()) {
                abort(l, vanished.get());
                return;
            }
            Optional<JobOutcome.Failed> failed = sights.stream()
                    .map(JobSight::outcome)
                    .filter(JobOutcome.Failed.class::isInstance)
                    .map(JobOutcome.Failed.class::cast)
                    .findFirst();
            if (failed.isEmpty()) {
                failed = trouble(sights);
            }
            if (failed.isPresent()) {
                onFailure(l, failed.get());
                return;
            }
            if (sights.stream().anyMatch(j -> j.outcome() instanceof JobOutcome.Running)) {
                again = min(poll(), RUN_CHECK);
                return;
            }
            List<ProbeResult> parts = sights.stream()
                    .map(j -> ((JobOutcome.Measured) j.outcome()).result())
                    .toList();
            ShareOverlap.Verdict overlap = ShareOverlap.check(parts, Optional.ofNullable(startAt(run, parts.size())));
            if (!overlap.overlapped()) {
                // The label "the whole pressure" was not true for the whole window: measure again.
                onFailure(l, new JobOutcome.Failed(Reason.SharesNotOverlapping, overlap.message()));
                return;
            }
            Optional<JobOutcome.Failed> check = runCheck.check(spec, parts);
            if (check.isPresent()) {
                onFailure(l, check.get());
                return;
            }
            record(
                    l,
                    RunRecords.withValue(
                            ProbeResult.merge(parts, ProbeResult.MergeMode.CONCURRENT),
                            l.probe().getValue()));
        }

        /** Pod trouble that ends the attempt: at once, or for an unschedulable pod after the grace. */
        Optional<JobOutcome.Failed> trouble(List<JobSight> sights) {
            for (JobSight j : sights) {
                if (j.outcome() instanceof JobOutcome.Running running && running.trouble() != null) {
                    JobOutcome.PodTrouble t = running.trouble();
                    if (t.reason() == Reason.Unschedulable) {
                        Instant deadline = t.since().plus(unschedulableGrace);
                        if (now.isBefore(deadline)) {
                            again = min(Duration.between(now, deadline).plusSeconds(1), RUN_CHECK);
                            continue;
                        }
                        return Optional.of(new JobOutcome.Failed(
                                t.reason(),
                                "Job " + j.name() + ": " + t.message() + " (for " + unschedulableGrace.toSeconds()
                                        + "s)"));
                    }
                    return Optional.of(new JobOutcome.Failed(
                            t.reason(), "Job " + j.name() + ": " + t.message() + hint(t.reason())));
                }
            }
            return Optional.empty();
        }

        String hint(Reason reason) {
            if (reason == Reason.SecretMissing && spec.target().apiKeySecretRef() != null) {
                return "; spec.target.apiKeySecretRef names Secret '"
                        + spec.target().apiKeySecretRef().getName()
                        + "', key '" + spec.target().apiKeySecretRef().getKey() + "' in namespace "
                        + r.getMetadata().getNamespace();
            }
            if (reason == Reason.ImagePullFailed) {
                return "; check spec.worker.image and the pull secrets";
            }
            return "";
        }

        void onFailure(Located l, JobOutcome.Failed f) {
            RunStatus run = l.run();
            deleteAttempt(l, "the attempt failed: " + f.reason());
            String at = at(l.probe());
            if (f.reason() == Reason.Interrupted || f.reason() == Reason.SharesNotOverlapping) {
                int n = or(run.getInterruptions()) + 1;
                if (n <= MAX_INTERRUPTIONS) {
                    run.setInterruptions(n);
                    newAttempt(l, true, f.reason(), f.message());
                    actions.add(new Action.Emit(
                            true,
                            Reason.ProbeRetried,
                            "run " + run.getRun() + " at " + at + " not recorded (" + f.reason()
                                    + "), measuring it again: " + f.message()));
                    actions.add(new Action.Count(Action.Meter.RUN_FINISHED, "interrupted"));
                    return;
                }
            } else if (f.retryable() && or(run.getFailures()) < spec.runs().retries()) {
                run.setFailures(or(run.getFailures()) + 1);
                newAttempt(l, true, f.reason(), f.message());
                actions.add(new Action.Count(Action.Meter.RUN_FINISHED, "retried"));
                actions.add(new Action.Emit(
                        true,
                        Reason.ProbeRetried,
                        "run " + run.getRun() + " at " + at
                                + " failed (" + f.reason() + "), attempt " + (run.getFailures() + 1) + " of "
                                + (spec.runs().retries() + 1) + ": " + f.message()));
                return;
            }
            run.setState(RunState.Failed);
            run.setCompletionTime(now.toString());
            run.setReason(f.reason().name());
            run.setMessage(cut(f.message()));
            actions.add(new Action.Count(Action.Meter.RUN_FINISHED, "failed"));
            boolean gaveUp = f.retryable();
            fail(
                    gaveUp ? Reason.ProbeFailed.name() : f.reason().name(),
                    gaveUp
                            ? "run " + run.getRun() + " at " + at + " failed " + (or(run.getFailures()) + 1)
                                    + " time(s); last: " + f.message()
                            : f.message());
        }

        /** A recorded Job vanished before its result was read: never re-created; the run is aborted. */
        void abort(Located l, JobKey key) {
            RunStatus run = l.run();
            deleteAttempt(l, "a sibling Job was deleted");
            run.setState(RunState.Aborted);
            run.setCompletionTime(now.toString());
            run.setReason(Reason.RunAborted.name());
            String msg = "run " + run.getRun() + " at " + at(l.probe()) + " was aborted: its Job " + key.name()
                    + " was deleted before its result was read, so nothing was recorded and it is not re-created; "
                    + "set spec.suspend to pause a tuning, or change spec.runId to start over";
            run.setMessage(cut(msg));
            actions.add(new Action.Count(Action.Meter.RUN_FINISHED, "aborted"));
            fail(Reason.RunAborted.name(), msg);
        }

        /** The next attempt of a run: recorded now, its Jobs created once this status is written. */
        void newAttempt(Located l, boolean createNow, Reason reason, String message) {
            RunStatus run = l.run();
            run.setAttempt(or(run.getAttempt()) + 1);
            run.setState(RunState.Pending);
            run.setStartTime(now.toString());
            run.setReason(reason.name());
            run.setMessage(cut(message));
            List<JobKey> keys = keys(l);
            run.setJobs(keys.stream().map(JobKey::name).toList());
            if (createNow) {
                create(keys, l.probe().getValue());
            }
        }

        /** Records a measured run: its summary, the probe's pool, the verdicts at its value. */
        void record(Located l, ProbeResult result) {
            RunStatus run = l.run();
            ProbeStatus p = l.probe();
            run.setState(RunState.Succeeded);
            run.setCompletionTime(now.toString());
            run.setReason(null);
            run.setMessage(null);
            run.setMetrics(Summaries.of(result));
            run.setSummary(RunRecords.summary(result));
            if (ClientLimits.saturated(result)) {
                OptionalInt more = ClientLimits.morePods(spec, p.getValue(), pods(run));
                if (more.isPresent()) {
                    // Evidence, not a measurement of the target: kept, never pooled; next() measures
                    // this value again on more pods before the search moves on.
                    String why = ClientLimits.retry(p, run, result, more.getAsInt());
                    actions.add(new Action.Count(Action.Meter.RUN_FINISHED, "client-limited"));
                    actions.add(new Action.Emit(
                            true, Reason.ClientLimitedRetry, "run " + run.getRun() + " at " + at(p) + ": " + why));
                    return;
                }
            }
            ClientLimits.mark(spec, p, run, result)
                    .ifPresent(why -> actions.add(new Action.Emit(
                            true, ClientLimits.REASON, "run " + run.getRun() + " at " + at(p) + ": " + why)));
            p.setPooled(RunRecords.pool(p.getPooled(), result));
            p.setMetrics(Summaries.of(ProbeResultCodec.fromJson(p.getPooled())));
            p.setVerdicts(search.verdicts(spec, point(p)));
            actions.add(new Action.Count(Action.Meter.RUN_FINISHED, "measured"));
            String verdicts = p.getVerdicts().stream()
                    .map(v -> v.getCriteria() + ": " + (Boolean.TRUE.equals(v.getPass()) ? "pass" : "fail"))
                    .collect(Collectors.joining(", "));
            String words = FailureWords.ofRun(result);
            if (words != null) { // the server's words, after what ClientLimits said of the client
                run.setMessage(run.getMessage() == null ? words : run.getMessage() + "; " + words);
            }
            actions.add(new Action.Emit(
                    false,
                    Reason.ProbeFinished,
                    "run " + run.getRun() + " at " + at(p)
                            + " measured: " + run.getMetrics().getSucceeded() + "/"
                            + run.getMetrics().getRequests()
                            + " requests succeeded; " + verdicts
                            + (run.getMessage() == null ? "" : "; " + run.getMessage())));
            stopIfEveryRequestFailedAlike(p, result);
        }

        /**
         * The decision "no other pressure can pass": every request of this run failed the same way for
         * a reason the load does not change (see {@link UniformFailure}). The tuning ends in Error with
         * the server's words, as {@code slatune tune} exits 2.
         */
        void stopIfEveryRequestFailedAlike(ProbeStatus p, ProbeResult result) {
            UniformFailure.of(result).ifPresent(why -> fail(Reason.RequestsRejected.name(), "at " + at(p) + " " + why));
        }

        /** Asks the search for the next step and takes it. */
        void next() {
            Optional<ProbeStatus> retry = clientLimitedRetry();
            SearchPort.Decision next;
            try {
                next = retry.isPresent()
                        ? new SearchPort.Measure(retry.get().getValue())
                        : search.next(spec, history(st));
            } catch (RuntimeException e) {
                fail(Reason.SearchFailed.name(), "the search failed: " + e.getMessage());
                return;
            }
            if (next instanceof SearchPort.Finish finish) {
                finish(finish.results());
                return;
            }
            double value = ((SearchPort.Measure) next).value();
            Optional<Instant> lastEnd = st.getProbes().stream()
                    .flatMap(p -> p.getRuns().stream())
                    .map(RunStatus::getCompletionTime)
                    .filter(Objects::nonNull)
                    .map(Instant::parse)
                    .max(Instant::compareTo);
            if (lastEnd.isPresent() && spec.runs().cooldownSeconds() > 0) {
                Duration wait = Duration.between(
                        now, lastEnd.get().plusSeconds(spec.runs().cooldownSeconds()));
                if (!wait.isNegative() && !wait.isZero()) {
                    st.setPhase(Phase.Running);
                    condition(
                            ConditionType.Progressing,
                            ConditionStatus.True,
                            Reason.CoolingDown,
                            "waiting " + spec.runs().cooldownSeconds() + "s before the next run");
                    again = wait;
                    return;
                }
            }
            Optional<Observation.TargetLock> lock = seen.targetLock();
            if (lock.isPresent() && lock.get().gaveUp()) {
                fail(Reason.TargetBusy.name(), lock.get().holder());
                return;
            }
            if (lock.isPresent() && !lock.get().held()) {
                st.setPhase(Phase.Running);
                String who = lock.get().holder();
                condition(
                        ConditionType.Progressing,
                        ConditionStatus.True,
                        Reason.WaitingForTarget,
                        who.startsWith("waiting") ? who : "waiting for " + who + " to finish loading the same target");
                again = lock.get().recheck();
                return;
            }
            if (StatusBudget.bytes(st)
                            + StatusBudget.headroom(
                                    r.getSpec().getRules().size(), spec.runs().maxPods())
                    > StatusBudget.BUDGET_BYTES) {
                compactOrStop();
                if (st.getPhase().terminal()) {
                    return;
                }
            }
            ProbeStatus p = st.getProbes().stream()
                    .filter(x -> x.getValue() == value)
                    .findFirst()
                    .orElseGet(() -> {
                        ProbeStatus created = new ProbeStatus();
                        created.setIndex(st.getProbes().size());
                        created.setValue(value);
                        created.setPods(initialPods(value));
                        st.getProbes().add(created);
                        return created;
                    });
            RunStatus run = new RunStatus();
            run.setRun(p.getRuns().size());
            run.setAttempt(0);
            run.setPods(p.getPods() == null ? spec.runs().parallelism() : p.getPods());
            run.setState(RunState.Pending);
            run.setStartTime(now.toString());
            p.getRuns().add(run);
            Located l = new Located(p, run);
            List<JobKey> keys = keys(l);
            run.setJobs(keys.stream().map(JobKey::name).toList());
            create(keys, value);
            st.setPhase(Phase.Running);
            condition(
                    ConditionType.Progressing,
                    ConditionStatus.True,
                    Reason.ProbeRunning,
                    "measuring " + at(p) + " (value " + (p.getIndex() + 1) + ", run " + (run.getRun() + 1) + ")");
            actions.add(new Action.Count(Action.Meter.RUN_STARTED, null));
            actions.add(new Action.Emit(
                    false,
                    Reason.ProbeStarted,
                    "measuring " + at(p) + ", run " + run.getRun() + " (" + keys.size() + " Job"
                            + (keys.size() == 1 ? "" : "s")
                            + (retry.isPresent() ? ", more pods: the last run was client-limited" : "") + ")"));
            again = RUN_CHECK;
        }

        /**
         * The status is close to its budget: drop what only people read (per-run metrics and
         * messages of recorded runs; the summaries keep every number the search needs), else stop.
         */
        void compactOrStop() {
            for (ProbeStatus p : st.getProbes()) {
                for (RunStatus run : p.getRuns()) {
                    if (run.getState() == RunState.Succeeded) {
                        run.setMetrics(null);
                        run.setMessage(null);
                    } else if (run.getState() == RunState.ClientLimited) {
                        // Evidence no search reads: its metrics (with the client's reason) stay.
                        run.setSummary(null);
                        run.setMessage(null);
                    }
                }
            }
            int size = StatusBudget.bytes(st);
            int headroom = StatusBudget.headroom(
                    r.getSpec().getRules().size(), spec.runs().maxPods());
            if (size + headroom > StatusBudget.BUDGET_BYTES) {
                // The search is over: the pools keep every measured number; the per-run summaries go.
                st.getProbes().forEach(p -> p.getRuns().forEach(run -> run.setSummary(null)));
                fail(
                        Reason.StatusTooLarge.name(),
                        "the status takes " + size / 1024 + " KiB and one more run could "
                                + "pass its budget of " + StatusBudget.BUDGET_BYTES / 1024 + " KiB; the " + runs()
                                + " recorded runs are kept, pooled per value. Lower spec.numRuns or spec.maxProbes (docs/operator-status.md)");
                return;
            }
            actions.add(
                    new Action.Emit(
                            true,
                            Reason.StatusCompacted,
                            "the status neared its budget: per-run "
                                    + "metrics of recorded runs dropped (the probe metrics and run summaries keep every number)"));
        }

        /** A last check: a status over budget is never written as is. */
        void guard() {
            if (!st.getPhase().terminal() && StatusBudget.bytes(st) > StatusBudget.BUDGET_BYTES) {
                actions.removeIf(Action.CreateJob.class::isInstance);
                compactOrStop();
            }
        }

        /** The search is over: record the answer and judge it against the expectation. */
        void finish(List<GroupResultStatus> results) {
            st.setResults(new ArrayList<>(results));
            st.setResult(results.stream()
                    .map(g -> g.getMaxSatisfied() == null ? "none" : Numbers.exact(g.getMaxSatisfied()))
                    .collect(Collectors.joining(", ")));
            st.setCompletionTime(now.toString());
            for (GroupResultStatus g : results) {
                actions.add(new Action.Answer(g.getCriteria(), g.getMaxSatisfied()));
            }
            List<String> unsatisfied = results.stream()
                    .filter(g -> g.getMaxSatisfied() == null)
                    .map(GroupResultStatus::getCriteria)
                    .toList();
            Double min = spec.tuning().minSatisfied();
            List<String> below = min == null
                    ? List.of()
                    : results.stream()
                            .filter(g -> g.getMaxSatisfied() == null || g.getMaxSatisfied() < min)
                            .map(g -> g.getCriteria() + " ("
                                    + (g.getMaxSatisfied() == null ? "none" : Numbers.exact(g.getMaxSatisfied()))
                                    + ")")
                            .toList();
            String answer = spec.tuning().variable().key() + " max satisfied: " + st.getResult();
            condition(
                    ConditionType.Progressing,
                    ConditionStatus.False,
                    Reason.Completed,
                    "the search finished after " + st.getProbes().size() + " values");
            if (!below.isEmpty()) {
                String msg = "below the expected minimum " + Numbers.exact(min) + ": " + String.join(", ", below);
                st.setPhase(Phase.Failed);
                condition(ConditionType.Ready, ConditionStatus.False, Reason.BelowExpectation, msg);
                condition(ConditionType.SlaSatisfied, ConditionStatus.False, Reason.BelowExpectation, msg);
                actions.add(new Action.Emit(true, Reason.TuningFailed, answer + "; " + msg));
            } else {
                st.setPhase(Phase.Succeeded);
                condition(ConditionType.Ready, ConditionStatus.True, Reason.Succeeded, answer);
                if (unsatisfied.isEmpty()) {
                    condition(ConditionType.SlaSatisfied, ConditionStatus.True, Reason.Satisfied, answer);
                } else {
                    condition(
                            ConditionType.SlaSatisfied,
                            ConditionStatus.False,
                            Reason.NotSatisfied,
                            "satisfied at no value: " + String.join(", ", unsatisfied));
                }
                actions.add(new Action.Emit(false, Reason.TuningSucceeded, answer));
            }
            actions.add(Action.tuningFinished(st.getPhase()));
        }

        /** Ends the run in Error; {@code reason} is a {@link Reason} name or a spec problem's. */
        void fail(String reason, String message) {
            st.setPhase(Phase.Error);
            st.setCompletionTime(now.toString());
            Conditions.set(st, ConditionType.Ready, ConditionStatus.False, reason, message, generation(), now);
            Conditions.set(st, ConditionType.Progressing, ConditionStatus.False, reason, message, generation(), now);
            Conditions.set(
                    st,
                    ConditionType.SlaSatisfied,
                    ConditionStatus.Unknown,
                    reason,
                    "no answer: the run did not complete",
                    generation(),
                    now);
            actions.add(new Action.Emit(true, reason, message));
            actions.add(Action.tuningFinished(Phase.Error));
            deleteUnfinished(j -> true, "the run is over");
        }

        void condition(ConditionType type, ConditionStatus status, Reason reason, String message) {
            Conditions.set(st, type, status, reason, message, generation(), now);
        }

        void create(List<JobKey> keys, double value) {
            RunStatus run = inFlight().map(Located::run).orElseThrow();
            List<LoadShare> shares = shares(spec, value, pods(run));
            for (int i = 0; i < keys.size(); i++) {
                actions.add(new Action.CreateJob(keys.get(i), value, shares.get(i), startAt(run, shares.size())));
            }
        }

        /**
         * The agreed start of an attempt's shares: its recorded start plus the lead, so that a Job
         * created later gets the same instant (and, arriving late, says so); none for a single pod.
         */
        Long startAt(RunStatus run, int shares) {
            return shares < 2 || run.getStartTime() == null
                    ? null
                    : Instant.parse(run.getStartTime())
                            .plusSeconds(settings.access().shareStartLeadSeconds())
                            .toEpochMilli();
        }

        void deleteAttempt(Located l, String why) {
            List<String> names = keys(l).stream().map(JobKey::name).toList();
            deleteUnfinished(j -> names.contains(j.name()), why);
        }

        void deleteUnfinished(java.util.function.Predicate<JobSight> which, String why) {
            delete(which, false, why);
        }

        void delete(java.util.function.Predicate<JobSight> which, boolean finishedToo, String why) {
            for (JobSight j : seen.jobs().values()) {
                boolean listed = actions.stream()
                        .anyMatch(
                                a -> a instanceof Action.DeleteJob d && d.name().equals(j.name()));
                if ((finishedToo || !j.finished()) && !j.deleting() && !listed && which.test(j)) {
                    actions.add(new Action.DeleteJob(j.name(), why));
                }
            }
            actions.removeIf(a -> a instanceof Action.CreateJob c
                    && st.getPhase() != null
                    && st.getPhase().terminal());
        }

        List<JobKey> keys(Located l) {
            int n = shares(spec, l.probe().getValue(), pods(l.run())).size();
            List<JobKey> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add(JobKey.of(
                        r,
                        runGeneration(),
                        l.probe().getIndex(),
                        l.run().getRun(),
                        or(l.run().getAttempt()),
                        i));
            }
            return keys;
        }

        Optional<Located> inFlight() {
            for (ProbeStatus p : st.getProbes()) {
                for (RunStatus run : p.getRuns()) {
                    if (run.getState() != null && run.getState().inFlight()) {
                        return Optional.of(new Located(p, run));
                    }
                }
            }
            return Optional.empty();
        }

        /** The pods {@code run} is split across: recorded with it, else (an older status) the spec's. */
        int pods(RunStatus run) {
            return run.getPods() == null ? spec.runs().parallelism() : run.getPods();
        }

        /**
         * The pods a new value starts on: the spec's, or as many as a lower value needed after its
         * client saturated (more pressure per pod would saturate it again).
         */
        int initialPods(double value) {
            return st.getProbes().stream()
                    .filter(p -> p.getValue() < value && p.getPods() != null)
                    .mapToInt(ProbeStatus::getPods)
                    .reduce(spec.runs().parallelism(), Math::max);
        }

        /** A value whose last run was client-limited: it is measured again, on more pods, before anything else. */
        Optional<ProbeStatus> clientLimitedRetry() {
            return st.getProbes().stream()
                    .filter(p -> !p.getRuns().isEmpty()
                            && p.getRuns().get(p.getRuns().size() - 1).getState() == RunState.ClientLimited)
                    .findFirst();
        }

        int runs() {
            return (int) st.getProbes().stream()
                    .flatMap(p -> p.getRuns().stream())
                    .filter(x -> x.getState() == RunState.Succeeded)
                    .count();
        }

        String at(ProbeStatus p) {
            return spec.tuning().variable().key() + "=" + Numbers.exact(p.getValue());
        }

        Duration poll() {
            return Duration.ofSeconds(settings.pollSeconds());
        }
    }

    /** A run and the probe it belongs to. */
    private record Located(ProbeStatus probe, RunStatus run) {}

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static int or(Integer v) {
        return v == null ? 0 : v;
    }

    private static String cut(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
