package ai.thinkheads.droptrace.probes.tls;

import java.net.Socket;
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
        presented = List.of(chain); // verified afterwards by ChainVerifier
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        presented = List.of(chain); // verified afterwards by ChainVerifier
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("a probe is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("a probe is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("a probe is never a TLS server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
