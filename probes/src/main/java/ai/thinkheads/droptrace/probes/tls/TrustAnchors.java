package ai.thinkheads.droptrace.probes.tls;

import ai.thinkheads.droptrace.probes.config.TrustConfig;
import ai.thinkheads.droptrace.probes.config.TrustNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The named trust anchors of a configuration, read when first used (so a configuration written for
 * another host still loads and lists). {@code system} is always defined: the JDK's default store
 * unless the configuration points it at a PEM bundle.
 */
public final class TrustAnchors {

    /** The certificates of an anchor, or why they could not be read. */
    public record Anchor(String name, List<X509Certificate> certificates, String problem) {
        public Anchor {
            certificates = certificates == null ? List.of() : List.copyOf(certificates);
        }

        public boolean usable() {
            return problem == null;
        }
    }

    private final Map<String, TrustConfig> configured;
    private final Map<String, Anchor> loaded = new ConcurrentHashMap<>();

    public TrustAnchors(Map<String, TrustConfig> configured) {
        this.configured = Map.copyOf(configured);
    }

    public Anchor get(String name) {
        return loaded.computeIfAbsent(name, this::load);
    }

    private Anchor load(String name) {
        TrustConfig config = configured.get(name);
        if (config == null && !name.equals(TrustNames.SYSTEM)) {
            return new Anchor(name, null, "trust anchor '" + name + "' is not defined");
        }
        if (config == null || config.file() == null) {
            return jdkDefault(name);
        }
        return fromFile(name, Path.of(config.file()));
    }

    public static Anchor fromFile(String name, Path file) {
        try {
            List<X509Certificate> certs = Certificates.fromPem(Files.readString(file));
            if (certs.isEmpty()) {
                return new Anchor(name, null, "trust anchor '" + name + "': " + file + " holds no PEM certificate");
            }
            return new Anchor(name, certs, null);
        } catch (IOException e) {
            return new Anchor(name, null, "trust anchor '" + name + "': cannot read " + file + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            return new Anchor(name, null, "trust anchor '" + name + "': " + file + " is not a readable certificate ("
                    + e.getMessage() + ")");
        }
    }

    private static Anchor jdkDefault(String name) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return new Anchor(name, Arrays.asList(x509.getAcceptedIssuers()), null);
                }
            }
            return new Anchor(name, null, "the JDK has no X.509 trust store");
        } catch (GeneralSecurityException e) {
            return new Anchor(name, null, "cannot read the JDK trust store: " + e.getMessage());
        }
    }
}
