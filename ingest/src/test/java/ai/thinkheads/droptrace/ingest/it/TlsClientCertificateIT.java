package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.receive.LineSink;
import ai.thinkheads.droptrace.ingest.receive.TcpSyslogReceiver;
import ai.thinkheads.droptrace.ingest.receive.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With --tls-client-ca the TLS receiver refuses a client that shows no certificate. */
class TlsClientCertificateIT {

    @TempDir
    Path dir;

    @Test
    void a_client_without_a_certificate_is_refused_and_nothing_arrives() throws Exception {
        // Given
        Path openssl = ExternalTool.require("openssl", "openssl");
        for (String name : List.of("server", "client")) {
            ExternalTool.Result r = ExternalTool.run(60, openssl.toString(), "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", dir.resolve(name + ".key").toString(), "-out",
                    dir.resolve(name + ".pem").toString(), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1");
            assertThat(r.exitCode()).as(r.output()).isZero();
        }
        List<String> received = new CopyOnWriteArrayList<>();
        LineSink sink = new LineSink() {
            @Override
            public void accept(String line, Origin origin, Instant at) {
                received.add(line);
            }

            @Override
            public void reject(String reason, String raw, Origin origin, Instant at) {
                received.add(raw);
            }
        };
        TlsSettings tls = TlsSettings.fromPem(dir.resolve("server.pem"), dir.resolve("server.key"),
                dir.resolve("client.pem"));
        try (TcpSyslogReceiver receiver = new TcpSyslogReceiver(new InetSocketAddress("127.0.0.1", 0), tls, 65536, 4,
                sink, Clock.systemUTC())) {
            // When: a client that trusts the server but has no certificate of its own
            SSLContext client = SSLContext.getInstance("TLS");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = java.nio.file.Files.newInputStream(dir.resolve("server.pem"))) {
                trust.setCertificateEntry("server",
                        java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            client.init(null, tmf.getTrustManagers(), null);
            // Then: the handshake fails (on the first read at the latest, with TLS 1.3)
            assertThatThrownBy(() -> {
                try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", receiver.port())) {
                    socket.startHandshake();
                    OutputStream out = socket.getOutputStream();
                    out.write("<4>Mar 14 09:12:44 h kernel: IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=TCP\n"
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    socket.setSoTimeout(10_000);
                    if (socket.getInputStream().read() < 0) {
                        throw new IOException("closed by the receiver");
                    }
                }
            }).as("refused, not merely unanswered").isInstanceOfAny(javax.net.ssl.SSLException.class,
                    java.net.SocketException.class);
            assertThat(received).isEmpty();
        }
    }
}
