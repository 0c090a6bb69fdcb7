package dev.slatune.operator;

import dev.slatune.metrics.ProbeResultCodec;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Plays the Job controller and the kubelet on a mock API server: for every unfinished load Job it
 * runs the worker, creates the Job's pod (label {@code job-name}) with the {@code load} container
 * terminated (exit code, termination message), and marks the Job Complete or Failed.
 */
final class KubeletStandIn {

    /** What a load container did: its exit code and termination message. */
    record Exit(int code, String message) {}

    private final KubernetesClient client;
    private final String namespace;
    private Function<Job, Exit> worker;
    final List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());

    KubeletStandIn(KubernetesClient client, String namespace, Function<Job, Exit> worker) {
        this.client = client;
        this.namespace = namespace;
        this.worker = worker;
    }

    /** Replaces what the load containers do from now on. */
    void worker(Function<Job, Exit> worker) {
        this.worker = worker;
    }

    /** A worker measuring {@code target}, as {@code slatune load} would, from the Job's arguments. */
    static Function<Job, Exit> measuring(SyntheticTarget target) {
        return job -> {
            Map<String, String> flags = flags(job);
            String variable = flags.containsKey("--parallel") ? "parallel" : "rate";
            double share = Double.parseDouble(flags.get("--" + variable));
            double total = Double.parseDouble(job.getMetadata().getAnnotations().get(LoadJobBuilder.VALUE_ANNOTATION));
            int requests = Integer.parseInt(flags.getOrDefault("--number", "20"));
            return new Exit(0, ProbeResultCodec.toJson(target.measure(variable, total, share, requests)));
        };
    }

    /** The flags of the Job's load container, each to its last value. */
    static Map<String, String> flags(Job job) {
        List<String> args =
                job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).startsWith("--")) {
                boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
                flags.put(args.get(i), hasValue ? args.get(++i) : "true");
            }
        }
        return flags;
    }

    /**
     * Runs every unfinished load Job of the namespace at the same time, as pods on a cluster would
     * (the shares of one run overlap, which their merge assumes); returns how many.
     */
    int runPending() {
        List<Job> pending = client
                .batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withLabel(JobNames.MANAGED_BY, JobNames.MANAGED_BY_VALUE)
                .list()
                .getItems()
                .stream()
                .filter(job -> ResultReader.finished(job).isEmpty()
                        && job.getMetadata().getDeletionTimestamp() == null)
                .toList();
        List<CompletableFuture<Exit>> exits = pending.stream()
                .map(job -> CompletableFuture.supplyAsync(() -> worker.apply(job)))
                .toList();
        for (int i = 0; i < pending.size(); i++) {
            complete(pending.get(i), exits.get(i).join());
        }
        return pending.size();
    }

    /** Fails a Job as the Job controller does at its deadline: the pod is killed, no container result. */
    void failWithoutPod(Job job, String reason, String message) {
        ran.add(job.getMetadata().getName());
        job.setStatus(new JobStatusBuilder()
                .withFailed(1)
                .withConditions(new JobConditionBuilder()
                        .withType("Failed")
                        .withStatus("True")
                        .withReason(reason)
                        .withMessage(message)
                        .build())
                .build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    /** Finishes one Job as the kubelet and Job controller would. */
    void complete(Job job, Exit exit) {
        ran.add(job.getMetadata().getName());
        boolean ok = exit.code() == 0;
        Map<String, String> labels =
                new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put(JobNames.JOB_NAME, job.getMetadata().getName());
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-x7k2p")
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus()
                .withPhase(ok ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(LoadJobBuilder.CONTAINER)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exit.code())
                        .withReason(ok ? "Completed" : "Error")
                        .withMessage(exit.message())
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus()
                .build();
        client.pods().inNamespace(namespace).resource(pod).create();
        job.setStatus(new JobStatusBuilder()
                .withSucceeded(ok ? 1 : 0)
                .withFailed(ok ? 0 : 1)
                .withConditions(new JobConditionBuilder()
                        .withType(ok ? "Complete" : "Failed")
                        .withStatus("True")
                        .withReason(ok ? null : "BackoffLimitExceeded")
                        .withMessage(ok ? null : "Job has reached the specified backoff limit")
                        .build())
                .build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }
}
