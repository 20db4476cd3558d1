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

    @Test
    void a_leaf_without_a_san_is_said_to_name_its_cn_alone_not_to_be_for_an_empty_list() {
        // Given a leaf with CN=ca.internal.test and no subjectAltName extension (openssl and curl accept it by its CN)
        TestPki site = new TestPki("Site Root CA");
        TestPki.Issued leaf = site.leaf("ca.internal.test", List.of());

        // When
        ChainVerifier.Verdict v = ChainVerifier.verify(leaf.chain(), List.of(site.root.certificate()), "site-root",
                "ca.internal.test", Instant.now());

        // Then it is a mismatch (no CN fallback) that says why, not "the certificate is for [], not for ca.internal.test"
        assertThat(v.outcome()).isEqualTo(ProbeOutcome.HOSTNAME_MISMATCH);
        assertThat(v.explanation()).startsWith("the certificate names no DNS or IP subject alternative name (SAN), only its "
                + "subject 'CN=ca.internal.test'").contains("issue it with ca.internal.test as a SAN").doesNotContain("[]");
    }
}
