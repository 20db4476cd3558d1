package ai.thinkheads.droptrace.probes.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Holds no key: a probe presents no client certificate. It notes whether the server asked for one (mutual TLS), and
 * the protocol and cipher of the handshake then, which a server that ends a TLS 1.2 handshake for want of a
 * certificate leaves no session to read them from.
 */
final class RecordingKeyManager extends X509ExtendedKeyManager {

    private volatile boolean requested;
    private volatile String protocol;
    private volatile String cipher;

    boolean requested() {
        return requested;
    }

    String protocol() {
        return protocol;
    }

    String cipher() {
        return cipher;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        requested = true;
        if (socket instanceof SSLSocket tls) {
            SSLSession handshake = tls.getHandshakeSession();
            if (handshake != null) {
                protocol = handshake.getProtocol();
                cipher = handshake.getCipherSuite();
            }
        }
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        requested = true;
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return null;
    }
}
