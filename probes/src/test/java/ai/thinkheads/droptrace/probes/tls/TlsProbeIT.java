package ai.thinkheads.droptrace.probes.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.testing.NetnsLab;
import ai.thinkheads.droptrace.probes.testing.Probing;
import ai.thinkheads.droptrace.probes.testing.SilentTcpServer;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import ai.thinkheads.droptrace.probes.testing.TlsTestServer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS outcomes against real TLS servers presenting chains of a test PKI made at test time. */
class TlsProbeIT {

    static final String NAME = "traefik.internal.test";
    static TestPki pki;
    static TestPki other;
    @TempDir
    static Path dir;
    static String trust;

    @BeforeAll
    static void pki() {
        pki = new TestPki("Test Internal CA");
        other = new TestPki("Some Other CA");
        trust = "trust:\n  test-root: {file: " + pki.writeRoot(dir, "root.crt") + "}\n";
    }

    static ProbeResult probe(String from, int port, String anchor) {
        return Probing.once(trust, "  - {id: tls1, from: " + from + ", to: 127.0.0.1, kind: tls, port: " + port
                + ", timeout: 2s, tls: {serverName: " + NAME + (anchor == null ? "" : ", trust: " + anchor) + "}}\n");
    }

    static ProbeResult serve(TestPki.Issued leaf, List<X509Certificate> presented, String from) throws Exception {
        try (TlsTestServer server = new TlsTestServer(leaf, presented)) {
            return probe(from, server.port(), "test-root");
        }
    }

    @Test
    void a_chain_to_the_named_anchor_is_trusted_with_protocol_cipher_chain_and_separate_timings() throws Exception {
        TestPki.Issued leaf = pki.leaf(NAME, List.of(NAME));
        ProbeResult r = serve(leaf, leaf.chain(), "local");
        assertThat(r.outcome()).as(r.explanation()).isEqualTo(ProbeOutcome.TRUSTED);
        assertThat(r.tls().protocol()).startsWith("TLSv1");
        assertThat(r.tls().cipher()).isNotBlank();
        assertThat(r.tls().handshakeMillis()).isNotNull();
        assertThat(r.connectMillis()).isNotNull();
        assertThat(r.tls().chain()).hasSize(2);
        assertThat(r.tls().chain().get(0).subjectAltNames()).containsExactly("DNS:" + NAME);
        assertThat(r.tls().chain().get(0).sha256()).hasSize(95);
        assertThat(r.tls().anchorVerdict()).isEqualTo("TRUSTED");
        assertThat(r.tls().systemVerdict()).as("the JDK store does not know the test root").isEqualTo("UNTRUSTED");
    }

    @Test
    void a_chain_to_another_root_is_untrusted() throws Exception {
        TestPki.Issued leaf = other.leaf(NAME, List.of(NAME));
        ProbeResult r = serve(leaf, leaf.chain(), "local");
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.UNTRUSTED);
        assertThat(r.explanation()).contains("test-root");
    }

    @Test
    void a_certificate_for_another_name_is_a_hostname_mismatch() throws Exception {
        TestPki.Issued leaf = pki.leaf("nginx.internal.test", List.of("nginx.internal.test"));
        ProbeResult r = serve(leaf, leaf.chain(), "local");
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.HOSTNAME_MISMATCH);
        assertThat(r.explanation()).contains("nginx.internal.test").contains(NAME);
    }

    @Test
    void an_expired_certificate_is_expired() throws Exception {
        TestPki.Issued leaf = pki.leaf(NAME, List.of(NAME), Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
        assertThat(serve(leaf, leaf.chain(), "local").outcome()).isEqualTo(ProbeOutcome.EXPIRED);
    }

    @Test
    void a_certificate_from_the_future_is_not_yet_valid() throws Exception {
        TestPki.Issued leaf = pki.leaf(NAME, List.of(NAME), Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        assertThat(serve(leaf, leaf.chain(), "local").outcome()).isEqualTo(ProbeOutcome.NOT_YET_VALID);
    }

    @Test
    void a_server_without_its_intermediate_has_an_incomplete_chain() throws Exception {
        TestPki.Issued leaf = pki.leaf(NAME, List.of(NAME));
        ProbeResult r = serve(leaf, List.of(leaf.certificate()), "local");
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.INCOMPLETE_CHAIN);
        assertThat(r.explanation()).contains("Intermediate CA");
    }

    @Test
    void a_server_that_never_answers_the_hello_is_a_handshake_timeout_after_a_successful_connect() throws Exception {
        try (SilentTcpServer silent = new SilentTcpServer()) {
            ProbeResult r = probe("local", silent.port(), "test-root");
            assertThat(r.outcome()).isEqualTo(ProbeOutcome.HANDSHAKE_TIMEOUT);
            assertThat(r.connectMillis()).isNotNull();
        }
    }

    @Test
    void openssl_in_a_guest_tells_a_server_that_never_answers_the_hello_from_a_drop() throws Exception {
        // Given a server that accepts the connection and never answers
        try (SilentTcpServer silent = new SilentTcpServer()) {
            // When openssl in the guest is killed at the timeout, its buffered stdout lost
            ProbeResult r = probe("lab-guest", silent.port(), "test-root");

            // Then the connect is known to have worked: a handshake timeout, not the DROP signature
            assertThat(r.outcome()).as(r.explanation()).isEqualTo(ProbeOutcome.HANDSHAKE_TIMEOUT);
        }
    }

    @Test
    void a_firewall_drop_is_a_connect_timeout_not_a_tls_error() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            lab.drop("tcp", 8443);
            ProbeResult r = Probing.once(trust, "  - {id: tls1, to: '" + lab.address() + "', kind: tls, port: 8443, timeout: 1s,"
                    + " tls: {serverName: " + NAME + ", trust: test-root}}\n");
            assertThat(r.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
            assertThat(r.outcome().category()).isEqualTo(ProbeOutcome.Category.SILENT);
        }
    }

    @Test
    void openssl_in_a_guest_reads_the_chain_and_the_anchor_decides_the_outcome() throws Exception {
        TestPki.Issued good = pki.leaf(NAME, List.of(NAME));
        ProbeResult trusted = serve(good, good.chain(), "lab-guest");
        assertThat(trusted.outcome()).as(trusted.explanation()).isEqualTo(ProbeOutcome.TRUSTED);
        assertThat(trusted.tls().chain()).hasSize(2);
        assertThat(trusted.tls().protocol()).startsWith("TLSv1");
        assertThat(trusted.tls().systemVerdict()).as("openssl in the guest does not know the test root").isNotEqualTo("TRUSTED");
        TestPki.Issued expired = pki.leaf(NAME, List.of(NAME), Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
        assertThat(serve(expired, expired.chain(), "lab-guest").outcome()).isEqualTo(ProbeOutcome.EXPIRED);
        TestPki.Issued wrong = pki.leaf("x", List.of("nginx.internal.test"));
        assertThat(serve(wrong, wrong.chain(), "lab-guest").outcome()).isEqualTo(ProbeOutcome.HOSTNAME_MISMATCH);
        assertThat(serve(good, List.of(good.certificate()), "lab-guest").outcome()).isEqualTo(ProbeOutcome.INCOMPLETE_CHAIN);
        TestPki.Issued foreign = other.leaf(NAME, List.of(NAME));
        assertThat(serve(foreign, foreign.chain(), "lab-guest").outcome()).isEqualTo(ProbeOutcome.UNTRUSTED);
    }

    @Test
    void openssl_alone_judges_with_the_guest_store_when_no_anchor_is_named() throws Exception {
        TestPki.Issued good = pki.leaf(NAME, List.of(NAME));
        try (TlsTestServer server = new TlsTestServer(good, good.chain())) {
            ProbeResult r = probe("lab-guest", server.port(), null);
            assertThat(r.outcome()).as(r.explanation()).isIn(ProbeOutcome.UNTRUSTED, ProbeOutcome.INCOMPLETE_CHAIN);
            assertThat(r.explanation()).contains("openssl in the guest");
        }
    }
}
