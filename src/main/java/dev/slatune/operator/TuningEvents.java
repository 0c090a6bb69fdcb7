package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on a SlaTuning ({@code kubectl describe} shows them). An Event that
 * cannot be written is logged and dropped: Events are a courtesy, status is the record.
 */
public class TuningEvents {

    private static final Logger LOG = Logger.getLogger(TuningEvents.class);
    static final String COMPONENT = "slatune-operator";

    private final KubernetesClient client;
    private final Clock clock;

    public TuningEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** A Normal event. */
    public void normal(SlaTuning r, String reason, String message) {
        emit(r, "Normal", reason, message);
    }

    /** A Warning event. */
    public void warning(SlaTuning r, String reason, String message) {
        emit(r, "Warning", reason, message);
    }

    private void emit(SlaTuning r, String type, String reason, String message) {
        String now = clock.instant().toString();
        String name = r.getMetadata().getName() + "." + Long.toHexString(clock.millis())
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        try {
            client.v1()
                    .events()
                    .inNamespace(r.getMetadata().getNamespace())
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withNamespace(r.getMetadata().getNamespace())
                            .endMetadata()
                            .withNewInvolvedObject()
                            .withApiVersion(r.getApiVersion())
                            .withKind(r.getKind())
                            .withName(r.getMetadata().getName())
                            .withNamespace(r.getMetadata().getNamespace())
                            .withUid(r.getMetadata().getUid())
                            .withResourceVersion(r.getMetadata().getResourceVersion())
                            .endInvolvedObject()
                            .withType(type)
                            .withReason(reason)
                            .withMessage(message)
                            .withFirstTimestamp(now)
                            .withLastTimestamp(now)
                            .withCount(1)
                            .withNewSource()
                            .withComponent(COMPONENT)
                            .endSource()
                            .withReportingComponent(COMPONENT)
                            .build())
                    .create();
        } catch (KubernetesClientException e) {
            LOG.debugf(
                    "could not record event %s on %s: %s",
                    reason, r.getMetadata().getName(), e.getMessage());
        }
    }
}
