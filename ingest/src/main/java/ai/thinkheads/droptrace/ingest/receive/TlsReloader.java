package ai.thinkheads.droptrace.ingest.receive;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's key and certificate (and the CA its clients must chain to) as the files hold them
 * now: short-lived certificates, such as Step-CA's 24-hour ones renewed by {@code step ca renew --daemon}
 * or certbot's, are replaced in their files while the receiver runs. Before each handshake the files
 * are looked at (their time, size and identity; a handshake is rare on syslog's long-lived
 * connections); when they changed they are loaded again and new handshakes present the new
 * certificate, established connections keep theirs. Files that do not load (half written, a key that
 * is not the certificate's yet) leave the certificate loaded before in place, said once per change.
 */
final class TlsReloader {

    private static final Logger LOGGER = LoggerFactory.getLogger(TlsReloader.class);
    /** Generations kept for handshakes that chose their alias just before a reload. */
    private static final int KEPT = 4;

    /** What the files give: the key manager, the trust manager for client certificates (or null), the own certificate. */
    record Material(X509ExtendedKeyManager keys, X509ExtendedTrustManager trust, X509Certificate own) {
    }

    /** Loads the files. */
    interface Loader {
        Material load() throws IOException, GeneralSecurityException;
    }

    private final Loader loader;
    private final List<Path> files;
    private final Map<Integer, Material> generations = new LinkedHashMap<>();
    private List<String> seen;
    private int generation;
    private volatile Material current;
    private volatile long reloads;

    TlsReloader(Loader loader, List<Path> files) throws IOException, GeneralSecurityException {
        this.loader = loader;
        this.files = List.copyOf(files);
        this.seen = stamps();
        this.current = loader.load();
        generations.put(generation, current);
    }

    Material current() {
        return current;
    }

    /** How many times the files were loaded again since the start. */
    long reloads() {
        return reloads;
    }

    /** Loads the files again when they changed since they were last looked at; cheap when they did not. */
    synchronized int refresh() {
        List<String> now = stamps();
        if (now.equals(seen)) {
            return generation;
        }
        seen = now; // a file that does not load is tried again when it changes again, not at every handshake
        try {
            Material loaded = loader.load();
            generation++;
            generations.put(generation, loaded);
            if (generations.size() > KEPT) {
                generations.remove(generations.keySet().iterator().next());
            }
            current = loaded;
            reloads++;
            X509Certificate own = loaded.own();
            LOGGER.atInfo().addKeyValue("files", files.toString())
                    .log(own == null ? "TLS certificate loaded again"
                            : "TLS certificate loaded again: " + own.getSubjectX500Principal().getName() + ", valid until "
                                    + own.getNotAfter().toInstant());
            String problem = TlsSettings.validityProblem(own, Instant.now());
            if (problem != null) {
                LOGGER.atWarn().log("the TLS certificate loaded again " + problem + ": senders that verify it will refuse");
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOGGER.atWarn().addKeyValue("files", files.toString()).addKeyValue("error", e.getMessage())
                    .log("the TLS files changed but do not load; the certificate loaded before is still served");
        }
        return generation;
    }

    private synchronized Material of(int wanted) {
        Material m = generations.get(wanted);
        return m == null ? current : m;
    }

    /** Each file's time, size and identity (a rename puts another file in place), or why they cannot be read. */
    private List<String> stamps() {
        List<String> stamps = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                stamps.add(a.lastModifiedTime() + " " + a.size() + " " + a.fileKey());
            } catch (IOException e) {
                stamps.add("cannot read: " + e);
            }
        }
        return stamps;
    }

    /** Aliases carry the generation they were chosen from: a reload between choosing and using one does not mix two. */
    private static String tagged(int generation, String alias) {
        return alias == null ? null : generation + "/" + alias;
    }

    private Material generationOf(String tagged) {
        int slash = tagged == null ? -1 : tagged.indexOf('/');
        if (slash <= 0) {
            return current;
        }
        try {
            return of(Integer.parseInt(tagged.substring(0, slash)));
        } catch (NumberFormatException e) {
            return current;
        }
    }

    private static String untagged(String tagged) {
        int slash = tagged == null ? -1 : tagged.indexOf('/');
        return slash < 0 ? tagged : tagged.substring(slash + 1);
    }

    /** The key manager the receiver's SSL context is made with: the current files' key and certificate. */
    X509ExtendedKeyManager keyManager() {
        return new X509ExtendedKeyManager() {
            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                int g = refresh();
                return tagged(g, of(g).keys().chooseServerAlias(keyType, issuers, socket));
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                int g = refresh();
                return tagged(g, of(g).keys().chooseEngineServerAlias(keyType, issuers, engine));
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return generationOf(alias).keys().getCertificateChain(untagged(alias));
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return generationOf(alias).keys().getPrivateKey(untagged(alias));
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return current.keys().getServerAliases(keyType, issuers);
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return null; // the receiver is never a client
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
    }

    /** The trust manager for client certificates: the current client CA file. */
    X509ExtendedTrustManager trustManager() {
        return new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws CertificateException {
                current.trust().checkClientTrusted(chain, authType, socket);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                    throws CertificateException {
                current.trust().checkClientTrusted(chain, authType, engine);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                current.trust().checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws CertificateException {
                throw new CertificateException("the syslog receiver checks clients only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                    throws CertificateException {
                throw new CertificateException("the syslog receiver checks clients only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the syslog receiver checks clients only");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return current.trust().getAcceptedIssuers();
            }
        };
    }
}
