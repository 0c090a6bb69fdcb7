package dev.slatune.operator;

import dev.slatune.api.ProbeStatus;
import dev.slatune.api.RunStatus;
import dev.slatune.metrics.ProbeResult;
import java.util.Optional;

/**
 * Marks runs whose load generator, not the target, limited the pressure ({@code client.saturated}):
 * the run keeps reason {@code ClientLimited} with the client's explanation, and its value
 * {@code clientLimited: true}, so the status says which probes were client-limited and the verdict
 * can refuse to call them a confident pass.
 */
final class ClientLimits {

    static final String REASON = "ClientLimited";

    private ClientLimits() {}

    /** Marks {@code run} and {@code p} when {@code result}'s client saturated; returns why. */
    static Optional<String> mark(ProbeStatus p, RunStatus run, ProbeResult result) {
        if (result.client() == null || !result.client().saturated()) {
            return Optional.empty();
        }
        String why = "the load generator limited the pressure"
                + (result.client().reason() != null ? " (" + result.client().reason() + ")" : "")
                + "; give the load pods more CPU (spec.worker.resources) or more pods (spec.probe.parallelism)";
        run.setReason(REASON);
        run.setMessage(why);
        p.setClientLimited(true);
        return Optional.of(why);
    }
}
