package ai.thinkheads.droptrace.probes.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    @Test
    void a_lone_certificate_whose_issuer_is_unknown_says_it_may_be_a_missing_intermediate_or_a_root_not_trusted() {
        // Given a server that sends its certificate alone (as Proxmox's pveproxy does, signed by the cluster's own
        // root), whose issuer the anchor does not hold: from the certificate alone an intermediate left out cannot
        // be told from a root the anchor does not trust
        TestPki site = new TestPki("Site Root CA");
        TestPki other = new TestPki("Other Root CA");
        TestPki.Issued leaf = other.leaf("pve.lab", List.of("pve.lab"));

        // When
        ChainVerifier.Verdict v = ChainVerifier.verify(List.of(leaf.certificate()), List.of(site.root.certificate()),
                "site-root", "pve.lab", Instant.now());

        // Then: the explanation does not claim the certificate it does not have is an intermediate
        assertThat(v.outcome()).isEqualTo(ProbeOutcome.INCOMPLETE_CHAIN);
        assertThat(v.explanation()).contains("CN=Other Root CA Intermediate CA").contains("if it is an intermediate")
                .contains("if it is a root").contains("'site-root'");
    }
}
