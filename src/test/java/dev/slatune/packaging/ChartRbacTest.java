package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart grants the operator exactly the API calls it makes, each one traced to its caller, and
 * nothing else: no Secrets, no wildcards, the same rules cluster-wide and per namespace.
 */
class ChartRbacTest {

    /** group/resource:verb for every call the operator makes in a watched namespace. */
    static final Set<String> WATCHED_NAMESPACE_CALLS = Set.of(
            // JOSDK's informer on the primary resource.
            "slatune.dev/slatunings:get",
            "slatune.dev/slatunings:list",
            "slatune.dev/slatunings:watch",
            // JOSDK adds and removes its finalizer (the reconciler is a Cleaner) with a patch; a conflict re-reads.
            "slatune.dev/slatunings:patch",
            // The status is written with optimistic locking (update), the error status patched.
            "slatune.dev/slatunings/status:patch",
            "slatune.dev/slatunings/status:update",
            // The act step creates and deletes load Jobs; the "load-jobs" informer lists and watches them.
            "batch/jobs:create",
            "batch/jobs:delete",
            "batch/jobs:list",
            "batch/jobs:watch",
            // The observe step lists the pods of a resource by its UID label (status, termination message).
            "/pods:list",
            // TuningEvents records Events (core v1, create only).
            "/events:create");

    /**
     * Leases in the operator's namespace: leader election (Fabric8 LeaderElector: get, create, update)
     * and TargetLeases (get, create, update to renew or take over, delete to release).
     */
    static final Set<String> LEASE_CALLS = Set.of(
            "coordination.k8s.io/leases:get",
            "coordination.k8s.io/leases:create",
            "coordination.k8s.io/leases:update",
            "coordination.k8s.io/leases:delete");

    @Test
    void clusterRoleGrantsExactlyTheOperatorsCalls() {
        List<HasMetadata> all = Chart.render(Map.of());
        ClusterRole role = Chart.all(all, ClusterRole.class).get(0);

        assertThat(triples(role.getRules())).isEqualTo(new TreeSet<>(WATCHED_NAMESPACE_CALLS));
        assertThat(triples(leaseRole(all).getRules())).isEqualTo(new TreeSet<>(LEASE_CALLS));
    }

    @Test
    void namespacedRolesGrantTheSameCallsInEachWatchedNamespace() {
        List<HasMetadata> all = Chart.render(Map.of("watchNamespaces", List.of("team-a", "team-b")));
        List<Role> watched = Chart.all(all, Role.class).stream()
                .filter(r -> !r.getMetadata().getName().endsWith("-leader-election"))
                .toList();

        assertThat(watched)
                .extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(watched)
                .allSatisfy(r -> assertThat(triples(r.getRules())).isEqualTo(new TreeSet<>(WATCHED_NAMESPACE_CALLS)));
        assertThat(leaseRole(all).getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    }

    @Test
    void noRuleReachesSecretsOrUsesWildcards() {
        for (Map<String, Object> values :
                List.<Map<String, Object>>of(Map.of(), Map.of("watchNamespaces", List.of("a")))) {
            List<PolicyRule> rules = Chart.render(values).stream()
                    .flatMap(r -> r instanceof ClusterRole c
                            ? c.getRules().stream()
                            : r instanceof Role ro ? ro.getRules().stream() : java.util.stream.Stream.empty())
                    .toList();
            assertThat(rules).isNotEmpty().allSatisfy(rule -> {
                assertThat(rule.getResources()).doesNotContain("secrets", "*");
                assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
                assertThat(rule.getApiGroups()).doesNotContain("*");
                assertThat(rule.getResourceNames()).isNullOrEmpty();
            });
        }
    }

    @Test
    void rbacCreateFalseRendersNoRbac() {
        List<HasMetadata> all = Chart.render(Map.of("rbac", Map.of("create", false)));

        assertThat(all).noneMatch(r -> r.getApiVersion().startsWith("rbac.authorization.k8s.io"));
    }

    @Test
    void readmeRbacTableIsWhatTheChartGrants() throws java.io.IOException {
        TreeSet<String> documented = readmeRbac();

        TreeSet<String> granted = triples(
                Chart.all(Chart.render(Map.of()), ClusterRole.class).get(0).getRules());
        granted.addAll(triples(leaseRole(Chart.render(Map.of())).getRules()));
        assertThat(documented).isEqualTo(granted);
    }

    /** The rows of docs/operator.md's "## RBAC" table (| `group` | `resource` | verbs | why |) as triples. */
    static TreeSet<String> readmeRbac() throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("docs/operator.md"));
        int start = lines.indexOf("## RBAC");
        assertThat(start).as("a '## RBAC' section in docs/operator.md").isNotNegative();
        TreeSet<String> out = new TreeSet<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].trim().startsWith("`")) {
                continue;
            }
            String group = cells[1].trim().replace("`", "").replace("\"\"", "");
            String resource = cells[2].trim().replace("`", "");
            for (String verb : cells[3].split(",")) {
                out.add(group + "/" + resource + ":" + verb.trim());
            }
        }
        assertThat(out).as("rows of the RBAC table in docs/operator.md").isNotEmpty();
        return out;
    }

    static Role leaseRole(List<HasMetadata> all) {
        return Chart.all(all, Role.class).stream()
                .filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
                .findFirst()
                .orElseThrow();
    }

    /** Every (group/resource:verb) a list of rules grants. */
    static TreeSet<String> triples(List<PolicyRule> rules) {
        TreeSet<String> out = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        out.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return out;
    }
}
