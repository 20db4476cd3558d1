package ai.thinkheads.droptrace.ingest.receive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server side of syslog over TLS (RFC 5425): the certificate and key the receiver presents,
 * from a PKCS#12 keystore or from PEM files (certificate chain and key), and optionally the
 * CA certificates that client certificates must chain to (client-certificate verification). The
 * files are loaded again when they change while the receiver runs ({@link TlsReloader}): a renewed
 * certificate is served without a restart.
 */
public final class TlsSettings {

    private final SSLContext context;
    private final boolean requireClientCertificate;
    private final TlsReloader files;

    private TlsSettings(SSLContext context, boolean requireClientCertificate, TlsReloader files) {
        this.context = Objects.requireNonNull(context, "context");
        this.requireClientCertificate = requireClientCertificate;
        this.files = files;
    }

    public SSLContext context() {
        return context;
    }

    public boolean requireClientCertificate() {
        return requireClientCertificate;
    }

    /** The receiver's own certificate as loaded last ({@code null} when it is not X.509). */
    public X509Certificate certificate() {
        return files.current().own();
    }

    /** How many times the files were loaded again because they changed. */
    public long reloads() {
        return files.reloads();
    }

    /**
     * What is wrong with the receiver's certificate at {@code now} for senders that check it ("expired
     * on ...", "not valid before ..."), or {@code null} when nothing is (or it is not X.509).
     */
    public String validityProblem(Instant now) {
        return validityProblem(certificate(), now);
    }

    static String validityProblem(X509Certificate certificate, Instant now) {
        if (certificate == null) {
            return null;
        }
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            return "expired on " + certificate.getNotAfter().toInstant();
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            return "is not valid before " + certificate.getNotBefore().toInstant();
        }
        return null;
    }

    /** The context of the files {@code loader} reads, served as they are now whenever a handshake starts. */
    private static TlsSettings watching(TlsReloader.Loader loader, boolean requireClientCertificate, Path... files)
            throws IOException, GeneralSecurityException {
        List<Path> watched = new ArrayList<>();
        for (Path file : files) {
            if (file != null && !watched.contains(file)) {
                watched.add(file);
            }
        }
        TlsReloader reloader = new TlsReloader(loader, watched);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {reloader.keyManager()},
                requireClientCertificate ? new TrustManager[] {reloader.trustManager()} : null, null);
        return new TlsSettings(context, requireClientCertificate, reloader);
    }

    /** From a PKCS#12 keystore; {@code clientCa} (PEM, may be null) turns on client-certificate verification. */
    public static TlsSettings fromPkcs12(Path keystore, char[] password, Path clientCa)
            throws IOException, GeneralSecurityException {
        char[] kept = password.clone();
        return watching(() -> pkcs12(keystore, kept, clientCa), clientCa != null, keystore, clientCa);
    }

    private static TlsReloader.Material pkcs12(Path keystore, char[] password, Path clientCa)
            throws IOException, GeneralSecurityException {
        if (Files.readString(keystore, java.nio.charset.StandardCharsets.ISO_8859_1).contains("-----BEGIN ")) {
            throw new GeneralSecurityException(keystore + " is PEM, not a PKCS#12 keystore: give the certificate and key "
                    + "with --tls-cert and --tls-key");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new GeneralSecurityException("the password of " + keystore + " is wrong (--tls-password or --tls-password-file)", e);
            }
            throw new GeneralSecurityException(keystore + " is not a PKCS#12 keystore (" + e.getMessage() + ")", e);
        }
        return build(keys, password, clientCa);
    }

    /** From a PEM certificate chain and a PEM private key: PKCS#8, PKCS#1 RSA or SEC1 EC ({@link PemPrivateKey}). */
    public static TlsSettings fromPem(Path certificateChain, Path privateKey, Path clientCa)
            throws IOException, GeneralSecurityException {
        return watching(() -> pem(certificateChain, privateKey, clientCa), clientCa != null, certificateChain, privateKey,
                clientCa);
    }

    private static TlsReloader.Material pem(Path certificateChain, Path privateKey, Path clientCa)
            throws IOException, GeneralSecurityException {
        List<Certificate> chain = certificates(certificateChain);
        PrivateKey key = PemPrivateKey.read(Files.readString(privateKey, java.nio.charset.StandardCharsets.ISO_8859_1),
                privateKey, chain.get(0).getPublicKey());
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw new GeneralSecurityException("the key in " + privateKey + " does not belong to the certificate in "
                    + certificateChain + " (the first certificate must be the receiver's own)");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = new char[0];
        keys.setKeyEntry("droptrace", key, password, chain.toArray(new Certificate[0]));
        return build(keys, password, clientCa);
    }

    private static TlsReloader.Material build(KeyStore keys, char[] password, Path clientCa)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = null;
        if (clientCa != null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int k = 0;
            for (Certificate ca : certificates(clientCa)) {
                trust.setCertificateEntry("client-ca-" + k++, ca);
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        X509Certificate own = null;
        for (String alias : java.util.Collections.list(keys.aliases())) {
            if (keys.isKeyEntry(alias) && keys.getCertificate(alias) instanceof X509Certificate x509) {
                own = x509;
                break;
            }
        }
        return new TlsReloader.Material(only(X509ExtendedKeyManager.class, kmf.getKeyManagers()),
                tmf == null ? null : only(X509ExtendedTrustManager.class, tmf.getTrustManagers()), own);
    }

    private static <T> T only(Class<T> type, Object[] managers) throws GeneralSecurityException {
        for (Object manager : managers) {
            if (type.isInstance(manager)) {
                return type.cast(manager);
            }
        }
        throw new GeneralSecurityException("the JDK gave no " + type.getSimpleName());
    }

    /** Whether {@code key} signs what {@code publicKey} verifies: a key and certificate of one pair. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> null; // needs parameters; the handshake will tell
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        if (algorithm == null) {
            return true;
        }
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false; // an RSA key for an EC certificate, or the other way round
        }
        byte[] probe = "droptrace".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        return verifier.verify(signature);
    }

    /** The certificates of a PEM file, in their order; other blocks (a key kept in the same file) are left out. */
    static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, java.nio.charset.StandardCharsets.ISO_8859_1);
        String begin = "-----BEGIN CERTIFICATE-----";
        String end = "-----END CERTIFICATE-----";
        StringBuilder blocks = new StringBuilder();
        for (int from = text.indexOf(begin); from >= 0; from = text.indexOf(begin, from + 1)) {
            int to = text.indexOf(end, from);
            if (to < 0) {
                throw new GeneralSecurityException(pem + " has a certificate without its " + end + " line");
            }
            blocks.append(text, from, to + end.length()).append('\n');
        }
        if (blocks.length() == 0) {
            throw new GeneralSecurityException(pem + " is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> list = new ArrayList<>(factory.generateCertificates(new java.io.ByteArrayInputStream(
                blocks.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))));
        if (list.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + pem);
        }
        return list;
    }
}
