package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/**
 * The JOSDK entry point: hands each reconcile to {@link TuningDriver} with the Jobs the resource
 * owns (from an informer, mapped back by owner reference), writes the status it returns, and asks
 * to be called again while a run is in flight. Deletion ({@link Cleaner}) removes the Jobs, for
 * clusters (and test servers) with no garbage collector to follow the owner references.
 */
@ControllerConfiguration(name = SlaTuningReconciler.NAME)
public class SlaTuningReconciler implements Reconciler<SlaTuning>, Cleaner<SlaTuning> {

    public static final String NAME = "slatuning";

    private final TuningDriver driver;

    public SlaTuningReconciler(TuningDriver driver) {
        this.driver = driver;
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
        TuningDriver.Outcome outcome = driver.reconcile(resource, context.getSecondaryResources(Job.class));
        UpdateControl<SlaTuning> control = outcome.statusChanged()
                ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
        outcome.requeueAfter().ifPresent(control::rescheduleAfter);
        return control;
    }

    @Override
    public DeleteControl cleanup(SlaTuning resource, Context<SlaTuning> context) {
        driver.cleanup(resource, context.getSecondaryResources(Job.class));
        return DeleteControl.defaultDelete();
    }
}
