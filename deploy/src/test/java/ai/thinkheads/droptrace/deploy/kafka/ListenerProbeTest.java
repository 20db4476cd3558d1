package ai.thinkheads.droptrace.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.thinkheads.droptrace.deploy.tls.Keytool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What answers at a bootstrap address, asked before a plain-text Kafka client is made there: real servers on the
 * loopback (a JDK TLS server, an HTTP-like one, one that says nothing), each answering every connection it gets.
 */
class ListenerProbeTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    @Test
    void a_plain_text_client_is_not_made_for_a_tls_listener_and_the_wait_says_so_at_once() throws Exception {
        // Given a TLS server, as a Kafka listener of security protocol SSL is
        try (ServerSocket tls = tlsServer(); Server server = Server.answering(tls, ListenerProbeTest::readAll)) {
            String address = "127.0.0.1:" + tls.getLocalPort();

            // When a client without settings (plain text) waits for it
            BrokerReadiness.NotReady e = catchThrowableOfType(BrokerReadiness.NotReady.class,
                    () -> BrokerReadiness.await(address, Map.of(), Duration.ofSeconds(10), () -> false));

            // Then it is refused at once as a TLS listener, not waited for (nor the client killed by the answer's bytes)
            assertThat(e.mismatch()).isEqualTo(BrokerReadiness.NotReady.Mismatch.TLS);
            assertThat(e.refused()).isTrue();
            assertThat(e.reason()).isEqualTo(address + " answers in TLS, not in plain text");
        }
    }

    @Test
    void a_server_that_is_not_kafka_is_named_by_what_it_answered() throws Exception {
        // Given an HTTP server
        try (ServerSocket http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Server server = Server.answering(http, socket -> write(socket,
                        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))) {
            String address = "127.0.0.1:" + http.getLocalPort();

            // When
            BrokerReadiness.NotReady e = catchThrowableOfType(BrokerReadiness.NotReady.class,
                    () -> BrokerReadiness.await(address, Map.of(), Duration.ofSeconds(10), () -> false));

            // Then
            assertThat(e.mismatch()).isEqualTo(BrokerReadiness.NotReady.Mismatch.NOT_KAFKA);
            assertThat(e.reason()).isEqualTo(address + " is not Kafka: it answered 'HTTP/1.1 400 Bad Request' to a Kafka request");
        }
    }

    @Test
    void a_server_that_says_nothing_is_waited_for_as_a_cluster_that_does_not_answer() throws Exception {
        // Given a server that takes the connection and never answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Server server = Server.answering(silent, ListenerProbeTest::readAll)) {
            String address = "127.0.0.1:" + silent.getLocalPort();

            // When
            BrokerReadiness.NotReady e = catchThrowableOfType(BrokerReadiness.NotReady.class,
                    () -> BrokerReadiness.await(address, Map.of(), Duration.ofSeconds(3), () -> false));

            // Then nothing tells what it is: the wait runs out as before
            assertThat(e.mismatch()).isEqualTo(BrokerReadiness.NotReady.Mismatch.NONE);
            assertThat(e.refused()).isFalse();
        }
    }

    @Test
    void a_server_that_closes_every_connection_at_once_is_the_reason_the_wait_gives() throws Exception {
        // Given a port forward with nothing behind it: each connection taken and closed at once
        try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Server server = Server.answering(closing, socket -> { })) {
            String address = "127.0.0.1:" + closing.getLocalPort();

            // When
            BrokerReadiness.NotReady e = catchThrowableOfType(BrokerReadiness.NotReady.class,
                    () -> BrokerReadiness.await(address, Map.of(), Duration.ofSeconds(3), () -> false));

            // Then it is waited for as before, and the reason says what was seen, not 'Timed out waiting for a node'
            assertThat(e.mismatch()).isEqualTo(BrokerReadiness.NotReady.Mismatch.NONE);
            assertThat(e.reason()).isEqualTo(address + " takes the connection and closes it without an answer (a "
                    + "listener that turns this machine away, a port forward with nothing behind it, or not Kafka)");
        }
    }

    @Test
    void a_kafka_answer_to_the_api_versions_request_is_kafka() {
        // Given the start of a broker's answer: its length, then the request's correlation id
        byte[] request = ListenerProbe.apiVersionsRequest();
        byte[] answer = {0, 0, 1, 0, request[8], request[9], request[10], request[11], 0, 0};

        // When
        ListenerProbe.Answer read = ListenerProbe.classify(answer, answer.length);

        // Then
        assertThat(read.speaks()).isEqualTo(ListenerProbe.Speaks.KAFKA);
    }

    @Test
    void an_api_versions_answer_without_produce_is_a_kraft_controllers() {
        // Given the answers (after the correlation id) of a broker (Produce, Metadata, ApiVersions) and of a controller
        ByteBuffer broker = ByteBuffer.allocate(24).putShort((short) 0).putInt(3)
                .putShort((short) 0).putShort((short) 3).putShort((short) 12)
                .putShort((short) 3).putShort((short) 4).putShort((short) 13)
                .putShort((short) 18).putShort((short) 0).putShort((short) 4).flip();
        ByteBuffer controller = ByteBuffer.allocate(18).putShort((short) 0).putInt(2)
                .putShort((short) 1).putShort((short) 4).putShort((short) 17)
                .putShort((short) 18).putShort((short) 0).putShort((short) 4).flip();

        // When / Then
        assertThat(ListenerProbe.servesClients(broker)).isTrue();
        assertThat(ListenerProbe.servesClients(controller)).isFalse();
    }

    @Test
    void a_tls_alert_an_ssh_banner_and_nothing_are_told_apart() {
        // Given a TLS 1.2 alert (7 bytes), an SSH banner, and no answer
        byte[] alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
        byte[] ssh = "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII);

        // When / Then
        assertThat(ListenerProbe.classify(alert, alert.length).speaks()).isEqualTo(ListenerProbe.Speaks.TLS);
        assertThat(ListenerProbe.classify(ssh, ssh.length)).isEqualTo(
                new ListenerProbe.Answer(ListenerProbe.Speaks.OTHER, "SSH-2.0-OpenSSH_9.2"));
        assertThat(ListenerProbe.classify(new byte[8], 0).speaks()).isEqualTo(ListenerProbe.Speaks.UNKNOWN);
    }

    private ServerSocket tlsServer() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Keytool.keyPair(keystore, PASSWORD, "server", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Reads what the client sends until it closes (a TLS server socket answers a bad record while reading). */
    private static void readAll(Socket socket) {
        try {
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the TLS server refuses the client's first bytes: it has sent its alert
        }
    }

    private static void write(Socket socket, String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            readAll(socket);
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Accepts connections on a thread of its own until closed, handing each to {@code handler} on another. */
    private record Server(ServerSocket socket, Thread acceptor) implements AutoCloseable {
        static Server answering(ServerSocket socket, Consumer<Socket> handler) {
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        Thread answering = new Thread(() -> {
                            try (client) {
                                handler.accept(client);
                            } catch (IOException e) {
                                // closed
                            }
                        });
                        answering.setDaemon(true);
                        answering.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "listener-probe-test-server");
            acceptor.setDaemon(true);
            acceptor.start();
            return new Server(socket, acceptor);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
