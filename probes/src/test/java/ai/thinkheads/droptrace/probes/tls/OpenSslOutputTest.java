package ai.thinkheads.droptrace.probes.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenSslOutputTest {

    @Test
    void an_address_missing_from_the_certificate_is_a_hostname_mismatch() {
        // Given openssl's verdict of -verify_ip for an address the certificate does not name
        String text = "Verify return code: 64 (IP address mismatch)\n";

        // When / Then
        assertThat(OpenSslOutput.verify(text, 2).outcome()).isEqualTo(ProbeOutcome.HOSTNAME_MISMATCH);
    }

    @Test
    void a_service_that_answers_in_plain_text_is_said_to_be_no_tls_service() {
        // Given what openssl 3.0 prints of a plain HTTP server on the port
        CommandOutput out = new CommandOutput(List.of("pct", "exec", "101", "--", "openssl", "s_client"), 1, """
                CONNECTED(00000003)
                ---
                no peer certificate available
                ---
                SSL handshake has read 5 bytes and written 315 bytes
                """, """
                SSL_connect:before SSL initialization
                SSL_connect:SSLv3/TLS write client hello
                SSL_connect:error in error
                807BAADDDA7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:350:
                """, false, 30);

        // When
        TlsObservation observation = OpenSslOutput.read(out, 9000, Duration.ofSeconds(2));

        // Then it says what openssl's words mean, and keeps them
        assertThat(observation.failure().outcome()).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
        assertThat(observation.failure().explanation()).startsWith("the TLS handshake failed (openssl): the service on port "
                + "9000 answered, but not in TLS: a plain-text service").contains("wrong version number");
    }

    @Test
    void a_server_that_asks_for_a_client_certificate_is_told_by_the_state_lines() {
        // Given openssl 3.0 with -state against a server that requires a client certificate (TLS 1.2: it printed the
        // chain, then the server ended the handshake), and the same without the request
        TestPki.Issued leaf = new TestPki("Mesh CA").leaf("mesh", List.of("mesh.internal.test"));
        String stdout = "CONNECTED(00000003)\n---\nCertificate chain\n 0 s:CN = mesh\n" + TestPki.pem(leaf.certificate())
                + "---\n";
        String asked = """
                SSL_connect:SSLv3/TLS read server certificate
                SSL_connect:SSLv3/TLS read server certificate request
                SSL_connect:SSLv3/TLS write client certificate
                SSL3 alert read:fatal:handshake failure
                """;
        List<String> argv = List.of("pct", "exec", "101", "--", "openssl", "s_client");

        // When
        TlsObservation mutual = OpenSslOutput.read(new CommandOutput(argv, 1, stdout, asked, false, 30), 8443,
                Duration.ofSeconds(2));
        TlsObservation plain = OpenSslOutput.read(new CommandOutput(argv, 0, stdout, "SSL_connect:SSLv3/TLS read server "
                + "certificate\n", false, 30), 8443, Duration.ofSeconds(2));

        // Then the chain is judged either way, and the request is noted as Java notes it from here
        assertThat(mutual.failure()).isNull();
        assertThat(mutual.clientCertificateRequested()).isTrue();
        assertThat(plain.clientCertificateRequested()).isFalse();
    }
}

