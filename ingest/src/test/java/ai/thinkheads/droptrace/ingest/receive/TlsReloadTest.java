package ai.thinkheads.droptrace.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.ingest.it.ExternalTool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate renewed in its files while the TLS receiver runs (Step-CA's are valid for 24 hours) is
 * served to the next sender without a restart; files that do not load leave the one before in place.
 */
class TlsReloadTest {

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        Path openssl = ExternalTool.require("openssl", "openssl");
        for (String name : new String[] {"first", "second", "third"}) {
            ExternalTool.Result r = ExternalTool.run(60, openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keys.resolve(name + ".key").toString(), "-out",
                    keys.resolve(name + ".pem").toString(), "-days", "1", "-subj", "/CN=" + name);
            assertThat(r.exitCode()).as(r.output()).isZero();
        }
        ExternalTool.Result r = ExternalTool.run(60, openssl.toString(), "pkcs12", "-export", "-in",
                keys.resolve("third.pem").toString(), "-inkey", keys.resolve("third.key").toString(), "-out",
                keys.resolve("third.p12").toString(), "-passout", "pass:secret");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void a_renewed_pem_certificate_is_served_to_the_next_sender_and_half_renewed_files_keep_the_one_before() throws Exception {
        // Given a receiver serving "first" from the files a renewal daemon rewrites
        Path cert = dir.resolve("syslog.crt");
        Path key = dir.resolve("syslog.key");
        replace(keys.resolve("first.pem"), cert);
        replace(keys.resolve("first.key"), key);
        TlsSettings tls = TlsSettings.fromPem(cert, key, null);
        try (TcpSyslogReceiver receiver = receiver(tls)) {
            assertThat(served(receiver)).isEqualTo("CN=first");
            // When the new certificate is in place but its key not yet
            replace(keys.resolve("second.pem"), cert);
            // Then the one before is still served: a sender is never refused for a renewal half done
            assertThat(served(receiver)).isEqualTo("CN=first");
            assertThat(tls.reloads()).isZero();
            // When the key follows
            replace(keys.resolve("second.key"), key);
            // Then the renewed certificate, without a restart
            assertThat(served(receiver)).isEqualTo("CN=second");
            assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=second");
            assertThat(tls.reloads()).isEqualTo(1);
            // and nothing is loaded again while the files stay as they are
            assertThat(served(receiver)).isEqualTo("CN=second");
            assertThat(tls.reloads()).isEqualTo(1);
            // When the file is garbage (a full disk, a botched copy): the one before again
            Files.writeString(cert, "not a certificate");
            assertThat(served(receiver)).isEqualTo("CN=second");
        }
    }

    @Test
    void a_keystore_replaced_in_place_is_served_to_the_next_sender() throws Exception {
        Path keystore = dir.resolve("syslog.p12");
        Path first = dir.resolve("first.p12");
        run("pkcs12", "-export", "-in", keys.resolve("first.pem").toString(), "-inkey", keys.resolve("first.key").toString(),
                "-out", first.toString(), "-passout", "pass:secret");
        replace(first, keystore);
        TlsSettings tls = TlsSettings.fromPkcs12(keystore, "secret".toCharArray(), null);
        try (TcpSyslogReceiver receiver = receiver(tls)) {
            assertThat(served(receiver)).isEqualTo("CN=first");
            replace(keys.resolve("third.p12"), keystore);
            assertThat(served(receiver)).isEqualTo("CN=third");
        }
    }

    private static void run(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = ExternalTool.require("openssl", "openssl").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ExternalTool.Result r = ExternalTool.run(60, command);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    /** As a renewal tool writes it: a new file moved over the old one. */
    private static void replace(Path from, Path to) throws Exception {
        Path tmp = to.resolveSibling(to.getFileName() + ".new");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static TcpSyslogReceiver receiver(TlsSettings tls) throws Exception {
        return new TcpSyslogReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tls, 65536, 8,
                new RecordingSink(), Clock.systemUTC());
    }

    /** The subject of the certificate a new sender is shown. */
    private static String served(TcpSyslogReceiver receiver) throws Exception {
        try (SSLSocket sender = (SSLSocket) TcpSyslogReceiverTest.trustAll().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), receiver.port())) {
            sender.startHandshake();
            return ((X509Certificate) sender.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
