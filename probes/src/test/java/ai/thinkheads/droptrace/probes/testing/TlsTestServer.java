package ai.thinkheads.droptrace.probes.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on 127.0.0.1 and an ephemeral port that presents a given chain, completes the
 * handshake and answers one line, on a daemon thread; stopped on close.
 */
public final class TlsTestServer implements AutoCloseable {

    private final SSLServerSocket server;
    private final Thread acceptor;

    public TlsTestServer(TestPki.Issued leaf, List<X509Certificate> presented) throws Exception {
        this(leaf, presented, null);
    }

    /**
     * As above, requiring a client certificate (mutual TLS, as Traefik's {@code RequireAndVerifyClientCert}) and speaking
     * only {@code protocol} ({@code TLSv1.2}, {@code TLSv1.3}) when it is given.
     */
    public static TlsTestServer mutual(TestPki.Issued leaf, List<X509Certificate> presented, String protocol)
            throws Exception {
        return new TlsTestServer(leaf, presented, protocol);
    }

    private TlsTestServer(TestPki.Issued leaf, List<X509Certificate> presented, String mutualProtocol) throws Exception {
        SSLContext context = context(leaf, presented);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        if (mutualProtocol != null) {
            server.setNeedClientAuth(true);
            server.setEnabledProtocols(new String[] {mutualProtocol});
        }
        acceptor = new Thread(this::serve, "tls-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SSLContext context(TestPki.Issued leaf, List<X509Certificate> presented) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("leaf", leaf.key(), "pw".toCharArray(), presented.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                ((SSLSocket) s).startHandshake();
                OutputStream out = s.getOutputStream();
                out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                in.read();
            } catch (IOException e) {
                // a client that hung up or failed the handshake: serve the next one
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
