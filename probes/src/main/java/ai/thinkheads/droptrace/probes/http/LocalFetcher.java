package ai.thinkheads.droptrace.probes.http;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.Explain;
import ai.thinkheads.droptrace.probes.tcp.TcpConnect;
import ai.thinkheads.droptrace.probes.tls.TlsHandshake;
import ai.thinkheads.droptrace.probes.tls.TlsJudge;
import ai.thinkheads.droptrace.probes.tls.TrustAnchors;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLException;

/**
 * Fetches over Java sockets from here: TCP connect, then (https) the handshake judged against the
 * trust anchor, and only when TRUSTED the request. One connection per request.
 */
public final class LocalFetcher implements Fetch.Fetcher {

    private final String address;
    private final int port;
    private final boolean https;
    private final String serverName;
    private final String trust;
    private final TrustAnchors anchors;
    private final Duration timeout;
    private final Instant now;

    public LocalFetcher(String address, int port, boolean https, String serverName, String trust, TrustAnchors anchors,
            Duration timeout, Instant now) {
        this.address = address;
        this.port = port;
        this.https = https;
        this.serverName = serverName;
        this.trust = trust;
        this.anchors = anchors;
        this.timeout = timeout;
        this.now = now;
    }

    @Override
    public Fetch get(String target) {
        Socket socket;
        Finding transport;
        boolean mutual = false;
        if (https) {
            TlsHandshake.Open open = TlsHandshake.open(address, port, serverName, timeout);
            // Without a serverName the certificate must name the address, as for a tls probe and for curl.
            transport = TlsJudge.judge(open.observation(), trust, anchors, serverName != null ? serverName : address, now);
            mutual = open.observation().clientCertificateRequested();
            if (open.socket() == null && mutual && transport.outcome() == ProbeOutcome.TRUSTED) {
                return new Fetch(null, clientCertificateRequired(transport)); // TLS 1.2: the handshake ended there
            }
            if (open.socket() == null || transport.outcome() != ProbeOutcome.TRUSTED) {
                if (open.socket() != null) {
                    TcpConnect.close(open.socket());
                }
                return new Fetch(null, transport);
            }
            socket = open.socket();
        } else {
            TcpConnect.Attempt attempt = TcpConnect.connect(address, port, timeout);
            if (!attempt.open()) {
                return new Fetch(null, attempt.finding());
            }
            transport = attempt.finding();
            socket = attempt.socket();
        }
        try (Socket s = socket) {
            // the whole response within the timeout, as curl's --max-time bounds it in a guest, not each read alone
            long deadline = System.nanoTime() + timeout.toNanos();
            String name = serverName != null ? serverName : address;
            String host = name.contains(":") ? "[" + name + "]" : name; // an IPv6 literal, as in a URL (RFC 7230 Host)
            HttpResponse response = Http11.get(s, port == (https ? 443 : 80) ? host : host + ":" + port, target, deadline);
            return new Fetch(response, transport);
        } catch (Http11.IncompleteResponse e) {
            return new Fetch(null, transport.withFact("http.status", e.status()).withOutcome(ProbeOutcome.RESPONSE_TIMEOUT,
                    "connected" + (https ? " and TLS done" : "") + ", " + target + " began to answer (HTTP " + e.status()
                    + "), but the response did not end within " + Explain.seconds(timeout)
                    + ": the service is stuck or overloaded, or sends its body too slowly"));
        } catch (SocketTimeoutException e) {
            return new Fetch(null, transport.withOutcome(ProbeOutcome.RESPONSE_TIMEOUT, "connected"
                    + (https ? " and TLS done" : "") + ", but no HTTP response within " + Explain.seconds(timeout)
                    + ": the service is stuck or overloaded"));
        } catch (IOException e) {
            if (mutual && (e instanceof SSLException || e instanceof SocketException)) {
                // TLS 1.3: the server ends the connection after the handshake, with an alert or a reset (a broken pipe)
                return new Fetch(null, clientCertificateRequired(transport));
            }
            return new Fetch(null, transport.withOutcome(ProbeOutcome.HTTP_UNEXPECTED, "connected, but the answer is not "
                    + "a usable HTTP response: " + e.getMessage()));
        }
    }

    /** A server that ended the connection of a client without a certificate: no request can be made of it. */
    private Finding clientCertificateRequired(Finding transport) {
        return transport.withOutcome(ProbeOutcome.HANDSHAKE_FAILED, "the server on port " + port + " requires a client "
                + "certificate (mutual TLS), which a probe does not present, and ended the connection without one; its "
                + "own chain is trusted: a tls probe checks it alone");
    }
}
