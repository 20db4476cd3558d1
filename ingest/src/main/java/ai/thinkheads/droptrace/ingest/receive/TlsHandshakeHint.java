package ai.thinkheads.droptrace.ingest.receive;

import javax.net.ssl.SSLException;

/** What the operator can do about a TLS handshake that failed, where the JDK's words do not say it. */
final class TlsHandshakeHint {

    private TlsHandshakeHint() {
    }

    /** A hint in parentheses after a leading space, or an empty string when there is none to give. */
    static String of(SSLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unsupported or unrecognized SSL message")) {
            return " (the sender does not speak TLS: point it at the plain TCP port, or turn TLS on in it)";
        }
        if (message.contains("Empty client certificate chain")) {
            return " (the sender presented no client certificate, which --tls-client-ca requires)";
        }
        if (message.contains("PKIX path")) {
            return " (the sender's client certificate does not chain to --tls-client-ca)";
        }
        return "";
    }
}
