package ai.thinkheads.droptrace.probes.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Lets every handshake complete so that the presented chain can be examined. It is never used to
 * decide trust: {@link ChainVerifier} does that afterwards, against the named anchors, and a
 * request is only sent on when the verdict is TRUSTED. It keeps the chain presented, which a handshake the server
 * ends afterwards (for want of a client certificate) leaves no session to read it from.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    private volatile List<X509Certificate> presented = List.of();

    List<X509Certificate> presented() {
        return presented;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        presented = List.of(chain); // verified afterwards by ChainVerifier
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        checkServerTrusted(chain, authType);
    }

    /** A probe is a TLS client only: were it ever asked to judge a client, it trusts none (the interface's refusal). */
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a probe trusts no client certificate: it never serves TLS");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
