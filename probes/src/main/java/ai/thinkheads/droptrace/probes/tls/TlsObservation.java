package ai.thinkheads.droptrace.probes.tls;

import ai.thinkheads.droptrace.probes.run.Finding;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a handshake attempt showed, whether done by Java here or by {@code openssl s_client} in a
 * guest: a failure before verification (connect, handshake timeout or failure), or the negotiated
 * protocol and cipher and the presented chain.
 *
 * @param failure set when no chain was obtained
 * @param toolVerify the guest tool's own verdict against the guest's store ({@code openssl}), or {@code null}
 * @param clientCertificateRequested the server asked for a client certificate (mutual TLS), which a probe does not
 *     present
 */
public record TlsObservation(Finding failure, Long connectMillis, Long handshakeMillis, String protocol, String cipher,
        List<X509Certificate> chain, ChainVerifier.Verdict toolVerify, boolean clientCertificateRequested) {

    public TlsObservation {
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    public TlsObservation(Finding failure, Long connectMillis, Long handshakeMillis, String protocol, String cipher,
            List<X509Certificate> chain, ChainVerifier.Verdict toolVerify) {
        this(failure, connectMillis, handshakeMillis, protocol, cipher, chain, toolVerify, false);
    }

    public static TlsObservation failed(Finding failure, Long connectMillis) {
        return new TlsObservation(failure, connectMillis, null, null, null, List.of(), null);
    }
}
