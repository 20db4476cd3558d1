package ai.thinkheads.droptrace.probes.tls;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.Names;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.Explain;
import ai.thinkheads.droptrace.probes.tcp.TcpConnect;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * A TLS handshake from here, timed apart from the TCP connect: a firewall drop is a connect
 * TIMEOUT, a server that accepts but never answers the ClientHello is a HANDSHAKE_TIMEOUT. The
 * chain is recorded during the handshake and verified afterwards by {@link ChainVerifier}.
 */
public final class TlsHandshake {

    /** A handshake that succeeded, with the open socket for a request on top (the caller closes it). */
    public record Open(TlsObservation observation, SSLSocket socket) {
    }

    private TlsHandshake() {
    }

    public static TlsObservation observe(String address, int port, String serverName, Duration timeout) {
        Open open = open(address, port, serverName, timeout);
        if (open.socket() != null) {
            TcpConnect.close(open.socket());
        }
        return open.observation();
    }

    /**
     * What a TLS client said of a failed handshake ({@code said}), led by what it means when the server answered in
     * something other than TLS (Java: "Unsupported or unrecognized SSL message", OpenSSL: "wrong version number",
     * GnuTLS: "An unexpected TLS packet was received"): a plain-text service on the port, not a TLS problem.
     */
    public static String failure(String said, int port) {
        String lower = said == null ? "" : said.toLowerCase(Locale.ROOT);
        if (lower.contains("unsupported or unrecognized ssl message") || lower.contains("wrong version number")
                || lower.contains("unexpected tls packet")) {
            return "the service on port " + port + " answered, but not in TLS: a plain-text service (HTTP, for which "
                    + "an http probe needs scheme: http) or another protocol on this port, or the wrong port (" + said + ")";
        }
        return said;
    }

    public static Open open(String address, int port, String serverName, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TcpConnect.Attempt attempt = TcpConnect.connect(address, port, timeout);
        Long connectMillis = attempt.finding().connectMillis();
        if (!attempt.open()) {
            return new Open(TlsObservation.failed(attempt.finding(), connectMillis), null);
        }
        Socket plain = attempt.socket();
        long start = System.nanoTime();
        SSLSocket tls = null;
        RecordingTrustManager recorder = null;
        RecordingKeyManager keys = null;
        try {
            recorder = new RecordingTrustManager();
            keys = new RecordingKeyManager();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, new TrustManager[] {recorder}, null);
            String peer = serverName == null ? address : serverName;
            tls = (SSLSocket) context.getSocketFactory().createSocket(plain, peer, port, true);
            SSLParameters params = tls.getSSLParameters();
            if (serverName != null && Names.isLabelSet(serverName) && !Names.isAddress(serverName)) {
                params.setServerNames(List.of(new SNIHostName(serverName)));
            }
            tls.setSSLParameters(params);
            tls.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            tls.startHandshake();
            long handshakeMillis = (System.nanoTime() - start) / 1_000_000;
            SSLSession session = tls.getSession();
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                chain.add((X509Certificate) c);
            }
            return new Open(new TlsObservation(null, connectMillis, handshakeMillis, session.getProtocol(),
                    session.getCipherSuite(), chain, null, keys.requested()), tls);
        } catch (SocketTimeoutException e) {
            TcpConnect.close(tls != null ? tls : plain);
            return new Open(TlsObservation.failed(Finding.of(ProbeOutcome.HANDSHAKE_TIMEOUT, "the TCP connection opened but the "
                    + "TLS handshake did not finish within " + Explain.seconds(timeout) + ": the service on port " + port
                    + " does not speak TLS, or is stuck").withConnectMillis(connectMillis), connectMillis), null);
        } catch (SSLException e) {
            TcpConnect.close(tls != null ? tls : plain);
            if (refusedWithoutClientCertificate(recorder, keys)) {
                return new Open(withoutClientCertificate(recorder, keys, connectMillis, start), null);
            }
            return new Open(TlsObservation.failed(Finding.of(ProbeOutcome.HANDSHAKE_FAILED, "the TLS handshake failed: "
                    + failure(e.getMessage(), port)).withConnectMillis(connectMillis), connectMillis), null);
        } catch (IOException | GeneralSecurityException e) {
            TcpConnect.close(tls != null ? tls : plain);
            if (refusedWithoutClientCertificate(recorder, keys)) {
                return new Open(withoutClientCertificate(recorder, keys, connectMillis, start), null); // a reset, a closed pipe
            }
            return new Open(TlsObservation.failed(Finding.of(ProbeOutcome.HANDSHAKE_FAILED, "the TLS handshake failed: "
                    + e.getMessage()).withConnectMillis(connectMillis), connectMillis), null);
        }
    }

    /**
     * TLS 1.2: the server sent its chain, asked for a client certificate and ended the handshake when none came (with an
     * alert, or by closing); TLS 1.3 ends only the connection, after the client's Finished. Either way the chain the
     * server presented is judged, as openssl in a guest shows it.
     */
    private static boolean refusedWithoutClientCertificate(RecordingTrustManager recorder, RecordingKeyManager keys) {
        return keys != null && keys.requested() && !recorder.presented().isEmpty();
    }

    private static TlsObservation withoutClientCertificate(RecordingTrustManager recorder, RecordingKeyManager keys,
            Long connectMillis, long start) {
        return new TlsObservation(null, connectMillis, (System.nanoTime() - start) / 1_000_000, keys.protocol(),
                keys.cipher(), recorder.presented(), null, true);
    }
}
