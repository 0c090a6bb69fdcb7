package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slatune.api.Phase;
import dev.slatune.api.SlaTuning;
import dev.slatune.api.SlaTuningStatus;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One tuning per target: normalised URLs, claims, waits, release and take-over. */
@EnableKubernetesMockClient(crud = true)
class TargetLeasesTest {

    KubernetesClient client;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T18:00:00Z"));
    TargetLeases leases;

    @BeforeEach
    void setUp() throws IOException {
        try (var in = new FileInputStream("crds/slatunings.slatune.dev-v1.yml")) {
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .load(in)
                    .item();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .createOr(c -> c.update());
        }
        leases = new TargetLeases(client, clock, "slatune-system", Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://vllm.llm.svc:8000/v1/chat/completions, http://vllm.llm.svc:8000",
        "HTTP://VLLM.llm.svc:8000/v1/completions, http://vllm.llm.svc:8000",
        "http://vllm.llm.svc:8000/v1/chat/completions/, http://vllm.llm.svc:8000",
        "http://vllm.llm.svc/v1/chat/completions, http://vllm.llm.svc:80",
        "https://api.example.com/v1/chat/completions?x=1, https://api.example.com:443",
        "http://gateway/llama//v1/chat/completions, http://gateway:80/llama",
        "http://gateway/mistral/v1/chat/completions, http://gateway:80/mistral",
    })
    void urlsOfOneServerNormaliseAlike(String url, String target) {
        assertThat(TargetLeases.normalise(url)).isEqualTo(target);
        assertThat(TargetLeases.leaseName(target)).startsWith("slatune-target-").hasSizeLessThan(64);
    }

    SlaTuning tuning(String ns, String name) {
        SlaTuning r = Tunings.seed1(name);
        r.getMetadata().setNamespace(ns);
        return client.resources(SlaTuning.class).inNamespace(ns).resource(r).create();
    }

    @Test
    void theSecondTuningOfATargetWaitsForTheFirstAcrossNamespaces() {
        SlaTuning a = tuning("team-a", "first");
        SlaTuning b = tuning("team-b", "second");
        String url = a.getSpec().getTarget().getUrl();
        assertThat(leases.claim(a, url)).isInstanceOf(TargetLeases.Claim.Held.class);
        assertThat(leases.claim(b, url.replace("chat/completions", "completions")))
                .isEqualTo(new TargetLeases.Claim.Busy("team-a/first", TargetLeases.normalise(url)));
        // Renewing is holding.
        assertThat(leases.claim(a, url)).isInstanceOf(TargetLeases.Claim.Held.class);
        leases.release(b, url); // not b's: nothing happens
        assertThat(leases.claim(b, url)).isInstanceOf(TargetLeases.Claim.Busy.class);
        leases.release(a, url);
        assertThat(leases.claim(b, url)).isInstanceOf(TargetLeases.Claim.Held.class);
        Lease l = client.resources(Lease.class)
                .inNamespace("slatune-system")
                .withName(TargetLeases.leaseName(TargetLeases.normalise(url)))
                .get();
        assertThat(l.getSpec().getHolderIdentity()).isEqualTo(b.getMetadata().getUid());
        assertThat(l.getMetadata().getAnnotations()).containsEntry(TargetLeases.HOLDER_ANNOTATION, "team-b/second");
    }

    @Test
    void aLeaseNotRenewedOrWhoseHolderIsDoneIsTakenOver() {
        SlaTuning a = tuning("team-a", "first");
        SlaTuning b = tuning("team-b", "second");
        String url = a.getSpec().getTarget().getUrl();
        leases.claim(a, url);
        clock.advance(Duration.ofMinutes(6));
        assertThat(leases.claim(b, url)).as("expired").isInstanceOf(TargetLeases.Claim.Held.class);
        assertThat(leases.claim(a, url)).isInstanceOf(TargetLeases.Claim.Busy.class);

        // The holder finished without releasing (say, the operator stopped at that moment).
        SlaTuning done = client.resources(SlaTuning.class)
                .inNamespace("team-b")
                .withName("second")
                .get();
        done.setStatus(new SlaTuningStatus());
        done.getStatus().setPhase(Phase.Succeeded);
        client.resources(SlaTuning.class).inNamespace("team-b").resource(done).updateStatus();
        assertThat(leases.claim(a, url)).as("holder finished").isInstanceOf(TargetLeases.Claim.Held.class);

        // The holder was deleted.
        client.resources(SlaTuning.class)
                .inNamespace("team-a")
                .withName("first")
                .delete();
        assertThat(leases.claim(b, url)).as("holder gone").isInstanceOf(TargetLeases.Claim.Held.class);
    }
}
