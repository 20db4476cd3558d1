package ai.thinkheads.droptrace.probes.tls;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a presented chain is trusted by a set of anchors, for a name, at an instant, and
 * if not, says precisely why: UNTRUSTED, INCOMPLETE_CHAIN, EXPIRED, NOT_YET_VALID or
 * HOSTNAME_MISMATCH. Pure: certificates in, a verdict out.
 */
public final class ChainVerifier {

    private static final int MAX_DEPTH = 10;

    /** The outcome of verification and one plain sentence. */
    public record Verdict(ProbeOutcome outcome, String explanation) {
    }

    private ChainVerifier() {
    }

    public static Verdict verify(List<X509Certificate> presented, Collection<X509Certificate> anchors, String anchorName,
            String serverName, Instant now) {
        if (presented.isEmpty()) {
            return new Verdict(ProbeOutcome.HANDSHAKE_FAILED, "the server presented no certificate");
        }
        X509Certificate leaf = presented.get(0);
        List<X509Certificate> path = new ArrayList<>(List.of(leaf));
        X509Certificate current = leaf;
        X509Certificate anchor = null;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            Optional<X509Certificate> trusted = issuerAmong(current, anchors);
            if (trusted.isPresent()) {
                anchor = trusted.get();
                break;
            }
            if (isSelfSigned(current)) {
                break;
            }
            Optional<X509Certificate> next = issuerAmong(current, presented.stream().filter(c -> !path.contains(c)).toList());
            if (next.isEmpty()) {
                break;
            }
            current = next.get();
            path.add(current);
        }
        if (anchor == null) {
            return untrusted(presented, path, current, anchors, anchorName);
        }
        List<X509Certificate> checked = new ArrayList<>(path);
        if (!checked.contains(anchor)) {
            checked.add(anchor);
        }
        Date at = Date.from(now);
        for (X509Certificate cert : checked) {
            if (at.after(cert.getNotAfter())) {
                // an ACME renewal gives a new leaf only: an expired intermediate or root is renewed on the CA itself
                return new Verdict(ProbeOutcome.EXPIRED, "the certificate '" + Certificates.name(cert) + "' expired on "
                        + cert.getNotAfter().toInstant() + (cert.equals(leaf) ? "; renew it (for ACME, check the resolver's renewals)"
                        : cert.equals(anchor) ? "; it is the CA certificate of trust anchor '" + anchorName + "': renew it on its CA "
                                + "and export it again"
                        : "; it is the CA certificate that issued the chain, not the server's own: renew it on its CA and "
                                + "serve the new one (renewing the server's certificate alone does not help)"));
            }
            if (at.before(cert.getNotBefore())) {
                return new Verdict(ProbeOutcome.NOT_YET_VALID, "the certificate '" + Certificates.name(cert)
                        + "' is not valid before " + cert.getNotBefore().toInstant() + "; check the clocks of the CA and this host");
            }
        }
        if (serverName != null && !matchesName(leaf, serverName) && Certificates.subjectAltNames(leaf).isEmpty()) {
            // openssl and curl still match a CN when there is no SAN, so a guest's curl may accept what is judged here
            return new Verdict(ProbeOutcome.HOSTNAME_MISMATCH, "the certificate names no DNS or IP subject alternative name "
                    + "(SAN), only its subject '" + leaf.getSubjectX500Principal().getName() + "', and a CN is not checked "
                    + "as a name (Go's TLS clients, Traefik's and Step-CA's, and browsers refuse it too; openssl and curl "
                    + "still accept the CN); issue it with " + serverName + " as a SAN");
        }
        List<String> dnsNames = Certificates.subjectAltNames(leaf).stream().filter(n -> n.startsWith("DNS:")).toList();
        if (serverName != null && isAddress(serverName) && !dnsNames.isEmpty() && !matchesName(leaf, serverName)) {
            // a probe without serverName checks its address: the name its clients use is most often what is missing
            String first = dnsNames.get(0).substring(4);
            return new Verdict(ProbeOutcome.HOSTNAME_MISMATCH, "the certificate is for " + Certificates.subjectAltNames(leaf)
                    + ", not for " + serverName + " (an address, which only an IP SAN names); if its clients reach it by name, "
                    + "give the probe that name (serverName: " + first + "), else issue the certificate with IP:"
                    + serverName + " as a SAN");
        }
        if (serverName != null && !matchesName(leaf, serverName)) {
            return new Verdict(ProbeOutcome.HOSTNAME_MISMATCH, "the certificate is for " + Certificates.subjectAltNames(leaf)
                    + ", not for " + serverName + "; issue it with that name as a SAN, or use one of its names");
        }
        return new Verdict(ProbeOutcome.TRUSTED, "the chain leads to '" + Certificates.name(anchor) + "' of trust anchor '"
                + anchorName + "'" + (serverName == null ? "" : ", the name " + serverName + " matches")
                + ", and every certificate is within its validity");
    }

    private static Verdict untrusted(List<X509Certificate> presented, List<X509Certificate> path, X509Certificate last,
            Collection<X509Certificate> anchors, String anchorName) {
        String issuer = last.getIssuerX500Principal().getName();
        if (isSelfSigned(last)) {
            return new Verdict(ProbeOutcome.UNTRUSTED, "the chain ends in the root '" + Certificates.name(last)
                    + "', which is not in trust anchor '" + anchorName + "'");
        }
        boolean sameNameOtherKey = anchors.stream().anyMatch(a -> a.getSubjectX500Principal().equals(last.getIssuerX500Principal()));
        if (sameNameOtherKey) {
            return new Verdict(ProbeOutcome.UNTRUSTED, "'" + Certificates.name(last) + "' names '" + issuer
                    + "' as issuer, and trust anchor '" + anchorName + "' has a CA of that name but with another key: "
                    + "the CA was re-created; re-export its root");
        }
        if (presented.size() == 1) {
            // an intermediate left out and a root the anchor does not hold look the same from the certificate alone
            return new Verdict(ProbeOutcome.INCOMPLETE_CHAIN, "the server sent '" + Certificates.name(last) + "' alone, "
                    + "issued by '" + issuer + "', which trust anchor '" + anchorName + "' does not hold: if it is an "
                    + "intermediate CA, configure the server to serve it too (the full chain); if it is a root (a CA "
                    + "that signs directly, such as Proxmox's pve-root-ca), add it to the anchor, or use the anchor that "
                    + "holds it");
        }
        if (presented.size() > path.size()) {
            return new Verdict(ProbeOutcome.INCOMPLETE_CHAIN, "the server did not send the intermediate certificate '"
                    + issuer + "' that issued '" + Certificates.name(last) + "'; configure it to serve the full chain");
        }
        return new Verdict(ProbeOutcome.UNTRUSTED, "the chain ends at '" + Certificates.name(last) + "', issued by '" + issuer
                + "', which is not in trust anchor '" + anchorName + "'");
    }

    private static Optional<X509Certificate> issuerAmong(X509Certificate cert, Collection<X509Certificate> candidates) {
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && signedBy(cert, c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static boolean isSelfSigned(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && signedBy(cert, cert);
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean isAddress(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }

    /** RFC 6125 style: DNS SANs with a left-most wildcard, IP SANs for address literals; no CN fallback. */
    static boolean matchesName(X509Certificate leaf, String serverName) {
        boolean ip = isAddress(serverName);
        String wanted = serverName.toLowerCase(Locale.ROOT);
        for (String san : Certificates.subjectAltNames(leaf)) {
            if (ip && san.startsWith("IP:") && sameAddress(san.substring(3), serverName)) {
                return true;
            }
            if (!ip && san.startsWith("DNS:")) {
                String name = san.substring(4).toLowerCase(Locale.ROOT);
                if (name.equals(wanted)) {
                    return true;
                }
                if (name.startsWith("*.") && wanted.indexOf('.') > 0 && wanted.substring(wanted.indexOf('.')).equals(name.substring(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
