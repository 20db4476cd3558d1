package ai.thinkheads.droptrace.probes.tls;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.Explain;
import ai.thinkheads.droptrace.probes.tcp.ToolOutputs;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code openssl s_client -showcerts} output: connect failures, the negotiated protocol and
 * cipher, the presented chain (as PEM blocks), and openssl's own verify result against the guest's
 * store, mapped onto the taxonomy.
 */
public final class OpenSslOutput {

    private static final Pattern NEW = Pattern.compile("New, (\\S+), Cipher is (\\S+)");
    private static final Pattern PROTOCOL = Pattern.compile("Protocol\\s*:\\s*(\\S+)");
    private static final Pattern CIPHER = Pattern.compile("Cipher\\s*:\\s*(\\S+)");
    private static final Pattern VERIFY = Pattern.compile("Verify return code: (\\d+) \\(([^)]*)\\)");

    private OpenSslOutput() {
    }

    public static TlsObservation read(CommandOutput out, int port, Duration timeout) {
        String text = out.combined();
        // openssl's "CONNECTED(" goes to a buffered stdout that is lost when it is killed at the timeout; with
        // -state, the "SSL_connect:" lines on the unbuffered stderr show that the TCP connection was made.
        boolean connected = text.contains("CONNECTED(") || text.contains("SSL_connect:");
        if (!connected) {
            Finding failure = ToolOutputs.connectFailure(out, port, timeout);
            if (failure == null) {
                failure = out.timedOut() ? ToolOutputs.timeout(timeout) : ToolOutputs.toolError(out);
            }
            return TlsObservation.failed(failure, null);
        }
        List<X509Certificate> chain;
        try {
            chain = Certificates.fromPem(out.stdout());
        } catch (CertificateException e) {
            return TlsObservation.failed(Finding.of(ProbeOutcome.ERROR, "openssl printed a certificate that cannot be read: "
                    + e.getMessage()), null);
        }
        if (chain.isEmpty()) {
            if (out.timedOut()) {
                return TlsObservation.failed(Finding.of(ProbeOutcome.HANDSHAKE_TIMEOUT, "the TCP connection opened but the TLS "
                        + "handshake did not finish within " + Explain.seconds(timeout) + " (openssl)"), null);
            }
            String said = out.stderr().lines().filter(l -> !l.startsWith("SSL_connect:")).collect(Collectors.joining("\n"));
            return TlsObservation.failed(Finding.of(ProbeOutcome.HANDSHAKE_FAILED, "the TLS handshake failed (openssl): "
                    + TlsHandshake.failure(Explain.firstLine(said.isBlank() ? out.stdout() : said), port)), null);
        }
        String protocol = null;
        String cipher = null;
        Matcher n = NEW.matcher(text);
        if (n.find()) {
            protocol = n.group(1).replace(",", "");
            cipher = n.group(2);
        }
        Matcher p = PROTOCOL.matcher(text);
        if (p.find()) {
            protocol = p.group(1);
        }
        Matcher c = CIPHER.matcher(text);
        if (cipher == null && c.find()) {
            cipher = c.group(1);
        }
        // with -state openssl says "SSL_connect:SSLv3/TLS read server certificate request" of a client certificate asked for
        return new TlsObservation(null, null, null, protocol, cipher, chain, verify(text, chain.size()),
                text.contains("read server certificate request"));
    }

    /** openssl's verify return code as a verdict; codes from {@code openssl verify}'s documented list. */
    static ChainVerifier.Verdict verify(String text, int presented) {
        Matcher v = VERIFY.matcher(text);
        if (!v.find()) {
            return null;
        }
        int code = Integer.parseInt(v.group(1));
        String said = "openssl in the guest says: " + v.group(2) + " (" + code + ")";
        ProbeOutcome outcome = switch (code) {
            case 0 -> ProbeOutcome.TRUSTED;
            case 9 -> ProbeOutcome.NOT_YET_VALID;
            case 10 -> ProbeOutcome.EXPIRED;
            case 62, 64 -> ProbeOutcome.HOSTNAME_MISMATCH; // 64: the address is not among the IP SANs (-verify_ip)
            case 2 -> ProbeOutcome.INCOMPLETE_CHAIN;
            case 20, 21 -> presented == 1 ? ProbeOutcome.INCOMPLETE_CHAIN : ProbeOutcome.UNTRUSTED;
            default -> ProbeOutcome.UNTRUSTED;
        };
        return new ChainVerifier.Verdict(outcome, said);
    }
}
