package ai.thinkheads.droptrace.probes.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fetcher from here against a loopback server that answers, but slowly. */
class LocalFetcherTest {

    @Test
    void a_body_that_trickles_in_past_the_timeout_is_a_response_timeout_naming_the_status() throws Exception {
        // Given a server that sends the status and headers at once, then its 40-byte body a byte every 100 ms:
        // each read gets a byte well within the timeout, the whole body not
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> trickle(server));
            peer.setDaemon(true);
            peer.start();
            LocalFetcher fetcher = new LocalFetcher(InetAddress.getLoopbackAddress().getHostAddress(), server.getLocalPort(),
                    false, null, null, null, Duration.ofMillis(1000), Instant.now());

            // When
            Fetch fetch = fetcher.get("/slow");

            // Then
            assertThat(fetch.ok()).isFalse();
            assertThat(fetch.transport().outcome()).isEqualTo(ProbeOutcome.RESPONSE_TIMEOUT);
            assertThat(fetch.transport().explanation()).contains("/slow began to answer (HTTP 200)")
                    .contains("did not end within 1 s");
            assertThat(fetch.transport().facts()).containsEntry("http.status", "200");
            peer.interrupt();
        }
    }

    @Test
    void a_server_that_greets_with_a_banner_is_not_an_http_server_and_the_banner_is_quoted() throws Exception {
        // Given a port that speaks SSH: it sends its banner whatever it is sent
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> banner(server));
            peer.setDaemon(true);
            peer.start();
            LocalFetcher fetcher = new LocalFetcher(InetAddress.getLoopbackAddress().getHostAddress(), server.getLocalPort(),
                    false, null, null, null, Duration.ofMillis(2000), Instant.now());

            // When
            Fetch fetch = fetcher.get("/health");

            // Then one statement of what came, not "not a usable HTTP response: not an HTTP response: ..."
            assertThat(fetch.ok()).isFalse();
            assertThat(fetch.transport().explanation())
                    .contains("not a usable HTTP response: the first line is 'SSH-2.0-OpenSSH_9.2p1', not an HTTP status line")
                    .doesNotContain("not an HTTP response");
        }
    }

    private static void banner(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.getInputStream().read(new byte[4096]);
        } catch (IOException e) {
            // the client closed: what the test wants
        }
    }

    private static void trickle(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            byte[] request = new byte[4096];
            int read = in.read(request); // the request fits one read
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 40 && read > 0 && !Thread.currentThread().isInterrupted(); i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up: what the test wants
        }
    }
}
