package dev.slatune.operator;

import dev.slatune.api.SlaTuning;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * One tuning per target at a time: a {@code coordination.k8s.io} Lease per normalised target URL, in
 * one namespace for every namespace the operator watches, held by the SlaTuning's UID. A holder
 * renews it on every reconcile and deletes it when it is done; a Lease that is not renewed within
 * its duration, or whose holder is gone, finished or re-created (another UID), is taken over, so a
 * lost release never blocks a target for good.
 */
public final class TargetLeases {

    private static final Logger LOG = Logger.getLogger(TargetLeases.class);

    /** Annotation on the Lease naming the holder as namespace/name, for the waiting ones' messages. */
    public static final String HOLDER_ANNOTATION = "slatune.dev/holder";
    /** Annotation on the Lease with the normalised target it guards. */
    public static final String TARGET_ANNOTATION = "slatune.dev/target";
    /** The common prefix of target Lease names. */
    public static final String NAME_PREFIX = "slatune-target-";

    private final KubernetesClient client;
    private final Clock clock;
    private final String namespace;
    private final Duration duration;

    /**
     * @param namespace where the Leases live
     * @param duration how long a Lease stays valid without a renewal: several poll periods
     */
    public TargetLeases(KubernetesClient client, Clock clock, String namespace, Duration duration) {
        this.client = client;
        this.clock = clock;
        this.namespace = namespace;
        this.duration = duration;
    }

    /** The outcome of a claim. */
    public sealed interface Claim {
        /** {@code r} holds the target (now or already). */
        record Held() implements Claim {}

        /**
         * Another SlaTuning holds the target.
         *
         * @param holder namespace/name of the holder
         * @param target the normalised target
         */
        record Busy(String holder, String target) implements Claim {}
    }

    /** Claims (or renews) the target of {@code r}. */
    public Claim claim(SlaTuning r, String url) {
        String target = normalise(url);
        String name = leaseName(target);
        String uid = r.getMetadata().getUid();
        Lease lease = leases().withName(name).get();
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (lease == null) {
            try {
                leases().resource(fresh(r, name, target, now)).create();
                LOG.infof("%s holds target %s (Lease %s/%s)", holder(r), target, namespace, name);
                return new Claim.Held();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                lease = leases().withName(name).get(); // created between our get and create
                if (lease == null) {
                    return busy(target, "unknown (the Lease changed while claiming)");
                }
            }
        }
        String heldBy = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        String holderName = annotation(lease, HOLDER_ANNOTATION);
        if (!uid.equals(heldBy) && !expired(lease) && holderAlive(holderName, heldBy)) {
            return busy(target, holderName == null ? heldBy : holderName);
        }
        if (!uid.equals(heldBy)) {
            LOG.infof("%s takes over target %s from %s (expired, finished or gone)", holder(r), target, holderName);
            lease.getSpec().setAcquireTime(now);
            lease.getSpec().setHolderIdentity(uid);
            if (lease.getMetadata().getAnnotations() == null) {
                lease.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
            }
            lease.getMetadata().getAnnotations().put(HOLDER_ANNOTATION, holder(r));
        }
        lease.getSpec().setRenewTime(now);
        lease.getSpec().setLeaseDurationSeconds((int) duration.toSeconds());
        try {
            leases().resource(lease).update(); // optimistic: the resourceVersion read above
            return new Claim.Held();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            return busy(target, holderName == null ? "another SlaTuning" : holderName);
        }
    }

    /** Lets go of the target of {@code r}, if {@code r} holds it. */
    public void release(SlaTuning r, String url) {
        String target = normalise(url);
        String name = leaseName(target);
        Lease lease = leases().withName(name).get();
        if (lease != null
                && lease.getSpec() != null
                && Objects.equals(r.getMetadata().getUid(), lease.getSpec().getHolderIdentity())) {
            try {
                leases().resource(lease)
                        .lockResourceVersion(lease.getMetadata().getResourceVersion())
                        .delete();
                LOG.infof("%s released target %s", holder(r), target);
            } catch (KubernetesClientException e) {
                // Taken over or already gone: not ours to delete any more.
                LOG.debugf("releasing %s: %s", name, e.getMessage());
            }
        }
    }

    /**
     * The target as it identifies the server under load: scheme and host in lower case, the port
     * explicit, no query, and the path without the OpenAI route, so
     * {@code http://VLLM:8000/v1/chat/completions} and {@code http://vllm/v1/completions} on port 80
     * differ, while {@code http://vllm:8000/v1/chat/completions} and {@code http://vllm:8000/v1/completions}
     * are the same target (the same server takes both loads).
     */
    public static String normalise(String url) {
        URI u = URI.create(url.trim());
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort() != -1 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
        String path = u.getPath() == null ? "" : u.getPath();
        path = path.replaceAll("/+", "/");
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        for (String route :
                new String[] {"/v1/chat/completions", "/v1/completions", "/chat/completions", "/completions", "/v1"}) {
            if (path.endsWith(route)) {
                path = path.substring(0, path.length() - route.length());
                break;
            }
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
    }

    /** A Lease name for a normalised target: a DNS label from its hash (URLs may be long or hold any character). */
    public static String leaseName(String target) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(target.getBytes(StandardCharsets.UTF_8));
            return NAME_PREFIX + HexFormat.of().formatHex(h, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean expired(Lease lease) {
        var spec = lease.getSpec();
        if (spec == null || spec.getRenewTime() == null || spec.getLeaseDurationSeconds() == null) {
            return true;
        }
        Instant until = spec.getRenewTime().toInstant().plusSeconds(spec.getLeaseDurationSeconds());
        return clock.instant().isAfter(until);
    }

    /** Whether the SlaTuning that holds a Lease still exists under the same UID and is not finished. */
    private boolean holderAlive(String holderName, String uid) {
        if (holderName == null || !holderName.contains("/")) {
            return true;
        }
        String[] nn = holderName.split("/", 2);
        try {
            SlaTuning h = client.resources(SlaTuning.class)
                    .inNamespace(nn[0])
                    .withName(nn[1])
                    .get();
            return h != null
                    && Objects.equals(h.getMetadata().getUid(), uid)
                    && (h.getStatus() == null
                            || h.getStatus().getPhase() == null
                            || !h.getStatus().getPhase().terminal());
        } catch (KubernetesClientException e) {
            // Not allowed to look (a namespace not watched) or the API is down: trust the Lease.
            return true;
        }
    }

    private Lease fresh(SlaTuning r, String name, String target, ZonedDateTime now) {
        return new LeaseBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of(JobNames.MANAGED_BY, JobNames.MANAGED_BY_VALUE))
                .withAnnotations(
                        new java.util.LinkedHashMap<>(Map.of(HOLDER_ANNOTATION, holder(r), TARGET_ANNOTATION, target)))
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(r.getMetadata().getUid())
                .withAcquireTime(now)
                .withRenewTime(now)
                .withLeaseDurationSeconds((int) duration.toSeconds())
                .endSpec()
                .build();
    }

    private static Claim busy(String target, String holder) {
        return new Claim.Busy(holder, target);
    }

    private static String holder(SlaTuning r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }

    private static String annotation(Lease l, String key) {
        return l.getMetadata().getAnnotations() == null
                ? null
                : l.getMetadata().getAnnotations().get(key);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    Lease,
                    io.fabric8.kubernetes.api.model.coordination.v1.LeaseList,
                    io.fabric8.kubernetes.client.dsl.Resource<Lease>>
            leases() {
        return client.resources(Lease.class, io.fabric8.kubernetes.api.model.coordination.v1.LeaseList.class)
                .inNamespace(namespace);
    }
}
