package ai.thinkheads.droptrace.probes.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.probes.testing.TestPki;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class RecordingTrustManagerTest {

    @Test
    void the_chain_a_server_presents_is_kept_for_the_verifier_and_no_client_is_ever_trusted() throws Exception {
        // Given a chain as a server presents it
        TestPki pki = new TestPki("Step CA");
        X509Certificate[] chain = {pki.root.certificate()};
        RecordingTrustManager manager = new RecordingTrustManager();

        // When the handshake hands it over
        manager.checkServerTrusted(chain, "RSA", (java.net.Socket) null);

        // Then it is kept as presented, and a client's chain is refused as the interface refuses: a CertificateException
        assertThat(manager.presented()).containsExactly(pki.root.certificate());
        assertThatThrownBy(() -> manager.checkClientTrusted(chain, "RSA", (java.net.Socket) null))
                .isInstanceOf(CertificateException.class).hasMessage("a probe trusts no client certificate: it never serves TLS");
    }
}
