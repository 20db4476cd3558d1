package ai.thinkheads.droptrace.probes.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
