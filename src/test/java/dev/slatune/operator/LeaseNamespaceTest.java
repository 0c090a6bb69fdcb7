package dev.slatune.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where leader election puts its Lease, and that the operator says so; only an in-cluster blind spot is an error. */
class LeaseNamespaceTest {

    @Test
    void theSettingWins() {
        LeaseNamespace l = LeaseNamespace.resolve(Optional.of("ops"), true, Optional.of("slatune"), Optional.of("x"));
        assertThat(l.namespace()).contains("ops");
        assertThat(l.explanation()).contains("SLATUNE_OPERATOR_LEASE_NAMESPACE");
    }

    @Test
    void inAClusterTheOperatorsOwnNamespace() {
        assertThat(LeaseNamespace.resolve(Optional.empty(), true, Optional.of("slatune"), Optional.empty())
                        .namespace())
                .contains("slatune");
    }

    @Test
    void outsideAClusterTheKubeconfigContextsNamespaceAndItSaysSo() {
        LeaseNamespace l = LeaseNamespace.resolve(Optional.empty(), false, Optional.empty(), Optional.of("dev"));
        assertThat(l.namespace()).contains("dev");
        assertThat(l.explanation()).contains("outside a cluster").contains("kubeconfig context");
    }

    @Test
    void outsideAClusterWithNoNamespaceLeaderElectionIsOffAndItSaysSo() {
        LeaseNamespace l = LeaseNamespace.resolve(Optional.empty(), false, Optional.empty(), Optional.empty());
        assertThat(l.namespace()).isEmpty();
        assertThat(l.explanation()).contains("leader election is off").contains("SLATUNE_OPERATOR_LEASE_NAMESPACE");
    }

    @Test
    void inAClusterThatCannotTellItsNamespaceTheErrorNamesTheSetting() {
        assertThatThrownBy(() -> LeaseNamespace.resolve(Optional.of(" "), true, Optional.empty(), Optional.of("x")))
                .hasMessageContaining("SLATUNE_OPERATOR_LEASE_NAMESPACE");
    }
}
