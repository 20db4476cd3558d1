package ai.thinkheads.droptrace.probes.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import java.time.Duration;
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

    @Test
    void an_expired_ca_certificate_is_not_told_to_be_renewed_by_acme_as_an_expired_leaf_is() {
        // Given a leaf valid for 20 years under an intermediate and a root valid for 10, judged 11 years from now
        TestPki site = new TestPki("Site Root CA");
        Instant now = Instant.now();
        TestPki.Issued leaf = site.leaf("ca.internal.test", List.of("ca.internal.test"), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(7300)));
        Instant later = now.plus(Duration.ofDays(4000));

        // When the root is the anchor, and when the intermediate itself is (pinned)
        ChainVerifier.Verdict intermediate = ChainVerifier.verify(leaf.chain(), List.of(site.root.certificate()), "site-root",
                "ca.internal.test", later);
        ChainVerifier.Verdict pinned = ChainVerifier.verify(leaf.chain(), List.of(site.intermediate.certificate()), "site-ca",
                "ca.internal.test", later);

        // Then each says which CA certificate to renew, and where, not "for ACME, check the resolver's renewals"
        assertThat(intermediate.outcome()).isEqualTo(ProbeOutcome.EXPIRED);
        assertThat(intermediate.explanation()).startsWith("the certificate 'Site Root CA Intermediate CA' expired on ")
                .endsWith("; it is the CA certificate that issued the chain, not the server's own: renew it on its CA and "
                        + "serve the new one (renewing the server's certificate alone does not help)");
        assertThat(pinned.explanation()).endsWith("; it is the CA certificate of trust anchor 'site-ca': renew it on its CA "
                + "and export it again");
    }

    @Test
    void an_address_checked_against_a_certificate_for_names_is_told_to_give_the_probe_its_name() {
        // Given a probe of 10.0.0.10 without serverName (its address is checked) and a certificate for a name only
        TestPki site = new TestPki("Site Root CA");
        TestPki.Issued leaf = site.leaf("ca.internal.test", List.of("ca.internal.test"));

        // When
        ChainVerifier.Verdict v = ChainVerifier.verify(leaf.chain(), List.of(site.root.certificate()), "site-root",
                "10.0.0.10", Instant.now());

        // Then it names the serverName to give, not "issue it with that name as a SAN, or use one of its names"
        assertThat(v.outcome()).isEqualTo(ProbeOutcome.HOSTNAME_MISMATCH);
        assertThat(v.explanation()).isEqualTo("the certificate is for [DNS:ca.internal.test], not for 10.0.0.10 "
                + "(an address, which only an IP SAN names); if its clients reach it by name, give the probe that name (serverName: "
                + "ca.internal.test), else issue the certificate with IP:10.0.0.10 as a SAN");
    }
}
