package ai.thinkheads.droptrace.probes.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.TrustConfig;
import ai.thinkheads.droptrace.probes.http.Fetch;
import ai.thinkheads.droptrace.probes.http.LocalFetcher;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import ai.thinkheads.droptrace.probes.testing.TlsTestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsHandshakeTest {

    @Test
    void a_service_that_answers_the_hello_in_plain_text_is_said_to_be_no_tls_service() throws Exception {
        // Given a plain HTTP server on loopback, as Step-CA's port would be with TLS off
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread answer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test's assertion says what went wrong
                }
            }, "plain-http");
            answer.setDaemon(true);
            answer.start();

            // When
            TlsObservation observation = TlsHandshake.observe("127.0.0.1", server.getLocalPort(), null, Duration.ofSeconds(5));

            // Then it names what Java's words mean, and keeps them
            assertThat(observation.failure().outcome()).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
            assertThat(observation.failure().explanation()).startsWith("the TLS handshake failed: the service on port "
                    + server.getLocalPort() + " answered, but not in TLS").contains("Unsupported or unrecognized SSL message");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void a_server_that_requires_a_client_certificate_has_its_chain_judged_and_is_said_to_ask_for_one(String protocol,
            @TempDir Path dir) throws Exception {
        // Given a server with a trusted chain that requires a client certificate (a probe presents none): in TLS 1.2 it
        // ends the handshake, in TLS 1.3 the connection after it
        TestPki pki = new TestPki("Mesh CA");
        TestPki.Issued leaf = pki.leaf("mesh", List.of("mesh.internal.test"));
        TrustAnchors anchors = new TrustAnchors(Map.of("mesh-root",
                new TrustConfig(pki.writeRoot(dir, "root.crt").toString(), false)));
        try (TlsTestServer server = TlsTestServer.mutual(leaf, leaf.chain(), protocol)) {
            // When
            TlsObservation observation = TlsHandshake.observe("127.0.0.1", server.port(), "mesh.internal.test",
                    Duration.ofSeconds(5));
            Finding tls = TlsJudge.judge(observation, "mesh-root", anchors, "mesh.internal.test", Instant.now());
            Fetch https = new LocalFetcher("127.0.0.1", server.port(), true, "mesh.internal.test", "mesh-root", anchors,
                    Duration.ofSeconds(5), Instant.now()).get("/health");

            // Then a tls probe judges the chain presented, whichever the version, and says what the server asks for
            assertThat(tls.outcome()).as(tls.explanation()).isEqualTo(ProbeOutcome.TRUSTED);
            assertThat(tls.explanation()).endsWith("; " + TlsJudge.MUTUAL);
            assertThat(tls.facts()).containsEntry("tls.clientCertificateRequested", "true")
                    .containsEntry("tls.protocol", protocol);
            // and an http probe, which cannot make its request, says why rather than "handshake_failure" or "not HTTP"
            assertThat(https.ok()).isFalse();
            assertThat(https.transport().outcome()).as(https.transport().explanation()).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
            assertThat(https.transport().explanation()).contains("requires a client certificate (mutual TLS)");
        }
    }
}

