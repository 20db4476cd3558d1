package ai.thinkheads.droptrace.probes.tls;

import ai.thinkheads.droptrace.core.probe.TlsDetails.CertificateSummary;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading PEM certificates and describing them: subject, issuer, SANs, serial, validity, SHA-256 fingerprint. */
public final class Certificates {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+?-----END CERTIFICATE-----");

    private Certificates() {
    }

    /** Every PEM certificate block in a text (other text around them is ignored); an unreadable block is an error. */
    public static List<X509Certificate> fromPem(String text) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            Collection<? extends java.security.cert.Certificate> certs =
                    factory.generateCertificates(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII)));
            certs.forEach(c -> out.add((X509Certificate) c));
        }
        return out;
    }

    /** Upper-case hex SHA-256 of the DER encoding, colon separated (as {@code openssl x509 -fingerprint -sha256}). */
    public static String sha256(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /** A fingerprint as written by people: any case, with or without colons, in the canonical form. */
    public static String normaliseFingerprint(String text) {
        String hex = text.replace(":", "").toUpperCase(Locale.ROOT);
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }

    public static List<String> subjectAltNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2) {
                        names.add("DNS:" + san.get(1));
                    } else if (type == 7) {
                        names.add("IP:" + san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable SAN extension is reported as no SANs; the hostname check then fails.
        }
        return names;
    }

    public static CertificateSummary summary(X509Certificate cert) {
        return new CertificateSummary(
                cert.getSubjectX500Principal().getName(),
                cert.getIssuerX500Principal().getName(),
                subjectAltNames(cert),
                cert.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                cert.getNotBefore().toInstant().toString(),
                cert.getNotAfter().toInstant().toString(),
                sha256(cert));
    }

    /** The CN of a certificate's subject, or the whole subject when it has none. */
    public static String name(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return dn;
    }
}
