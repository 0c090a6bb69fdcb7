package dev.slatune.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A request to find the most load (concurrency or request rate) an LLM serving endpoint can take
 * while it still meets an SLA. The operator answers in {@link SlaTuningStatus}.
 */
@Group(SlaTuning.GROUP)
@Version(SlaTuning.VERSION)
@Kind("SlaTuning")
@Plural("slatunings")
@Singular("slatuning")
@ShortNames("slat")
@AdditionalPrinterColumn(name = "Variable", jsonPath = ".spec.variable", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Result", jsonPath = ".status.result", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class SlaTuning extends CustomResource<SlaTuningSpec, SlaTuningStatus> implements Namespaced {

    public static final String GROUP = "slatune.dev";
    public static final String VERSION = "v1alpha1";

    // No initStatus(): a resource the operator has not seen has no status, and a status patch must
    // be computed against exactly that (a JSON patch into an absent /status fails).
}
