package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The JOSDK entry point: hands each reconcile to {@link TuningReconcile} with the Jobs the resource
 * owns (from an informer, mapped back by owner reference), which writes the status itself (before
 * it creates any Job); asks to be called again while a run is in flight. An error while acting
 * lands in the status ({@link #updateErrorStatus}). Deletion ({@link Cleaner}) removes the Jobs, for
 * clusters (and test servers) with no garbage collector to follow the owner references.
 */
@ControllerConfiguration(name = SlaTuningReconciler.NAME)
public class SlaTuningReconciler implements Reconciler<SlaTuning>, Cleaner<SlaTuning> {

    public static final String NAME = "slatuning";
    private static final Logger LOG = Logger.getLogger(SlaTuningReconciler.class);

    private final TuningReconcile reconcile;
    private final Clock clock;

    public SlaTuningReconciler(TuningReconcile reconcile, Clock clock) {
        this.reconcile = reconcile;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, SlaTuning>> prepareEventSources(EventSourceContext<SlaTuning> context) {
        InformerEventSourceConfiguration<Job> jobs = InformerEventSourceConfiguration.from(Job.class, SlaTuning.class)
                .withName("load-jobs")
                .withLabelSelector(JobNames.MANAGED_BY + "=" + JobNames.MANAGED_BY_VALUE)
                .withNamespacesInheritedFromController()
                .build();
        return List.of(new InformerEventSource<>(jobs, context));
    }

    @Override
    public UpdateControl<SlaTuning> reconcile(SlaTuning resource, Context<SlaTuning> context) {
        TuningReconcile.Outcome outcome = reconcile.reconcile(
                resource,
                context.getSecondaryResources(Job.class),
                r -> context.resourceOperations().updatePrimaryStatus(r));
        UpdateControl<SlaTuning> control = UpdateControl.noUpdate();
        outcome.requeueAfter().ifPresent(control::rescheduleAfter);
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<SlaTuning> updateErrorStatus(
            SlaTuning resource, Context<SlaTuning> context, Exception e) {
        int attempt = context.getRetryInfo().map(i -> i.getAttemptCount()).orElse(0);
        if (ErrorStatus.conflict(e)) {
            // A stale read lost the race on the status: read again, nothing to report.
            return ErrorStatusUpdateControl.<SlaTuning>noStatusUpdate().rescheduleAfter(ErrorStatus.backoff(0));
        }
        LOG.warnf(
                e,
                "reconcile of %s/%s failed",
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName());
        Long g = resource.getMetadata().getGeneration();
        resource.setStatus(ErrorStatus.of(resource.getStatus(), e, g == null ? 1 : g, clock.instant()));
        ErrorStatusUpdateControl<SlaTuning> control = ErrorStatusUpdateControl.patchStatus(resource);
        // After the SDK's own retries, keep trying at the longest backoff rather than never again.
        return control.rescheduleAfter(ErrorStatus.backoff(attempt));
    }

    @Override
    public DeleteControl cleanup(SlaTuning resource, Context<SlaTuning> context) {
        reconcile.cleanup(resource, context.getSecondaryResources(Job.class));
        return DeleteControl.defaultDelete();
    }
}
