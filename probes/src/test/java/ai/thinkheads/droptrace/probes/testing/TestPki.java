package ai.thinkheads.droptrace.probes.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI made at test time: a root, an intermediate it signs, and leaves the intermediate
 * signs (good, wrong name, expired, not yet valid), plus an unrelated root and intermediate for
 * the untrusted case. EC P-256 keys, so generation is fast.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate with its key, and the chain a server presents with it (leaf first). */
    public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
    }

    public final Issued root;
    public final Issued intermediate;

    public TestPki(String rootName) {
        KeyPair rootKeys = keys();
        X509Certificate rootCert = build(new X500Name("CN=" + rootName), rootKeys, new X500Name("CN=" + rootName), rootKeys.getPrivate(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650)), true, List.of(), null);
        root = new Issued(rootCert, rootKeys.getPrivate(), List.of(rootCert));
        KeyPair interKeys = keys();
        X509Certificate interCert = build(new X500Name("CN=" + rootName + " Intermediate CA"), interKeys,
                new X500Name("CN=" + rootName), rootKeys.getPrivate(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(3650)), true, List.of(), rootCert);
        intermediate = new Issued(interCert, interKeys.getPrivate(), List.of(interCert, rootCert));
    }

    /** A leaf for {@code names} (DNS names or IP literals) valid from {@code notBefore} to {@code notAfter}. */
    public Issued leaf(String cn, List<String> names, Instant notBefore, Instant notAfter) {
        KeyPair keys = keys();
        X509Certificate cert = build(new X500Name("CN=" + cn), keys, new X500Name(intermediate.certificate().getSubjectX500Principal().getName()),
                intermediate.key(), notBefore, notAfter, false, names, intermediate.certificate());
        return new Issued(cert, keys.getPrivate(), List.of(cert, intermediate.certificate()));
    }

    public Issued leaf(String cn, List<String> names) {
        return leaf(cn, names, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(90)));
    }

    public Path writeRoot(Path dir, String file) {
        return write(dir.resolve(file), List.of(root.certificate()));
    }

    public static Path write(Path file, List<X509Certificate> certs) {
        try {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
                for (X509Certificate c : certs) {
                    pem.writeObject(c);
                }
            }
            Files.writeString(file, text.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(X509Certificate cert) {
        try {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
                pem.writeObject(cert);
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey, Instant from,
            Instant to, boolean ca, List<String> names, X509Certificate issuerCert) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(from), Date.from(to), subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuerCert != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
            }
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                List<GeneralName> sans = new ArrayList<>();
                for (String n : names) {
                    sans.add(new GeneralName(n.matches("[0-9.]+") || n.contains(":") ? GeneralName.iPAddress : GeneralName.dNSName, n));
                }
                if (!sans.isEmpty()) { // a leaf without names has no SAN extension at all, its CN alone naming it
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
                }
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a test certificate", e);
        }
    }
}
