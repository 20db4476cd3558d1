package ai.thinkheads.droptrace.probes.tls;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.TlsDetails;
import ai.thinkheads.droptrace.probes.config.TrustNames;
import ai.thinkheads.droptrace.probes.run.Finding;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Turns a handshake observation into a finding: verification against the probe's named anchor and
 * against the system store, reported separately; the outcome follows the named anchor (or the
 * system store when none is named). In a guest, "system" is the guest's own store as its openssl
 * judged it.
 */
public final class TlsJudge {

    /** What a server that asks for a client certificate means for a probe, which presents none. */
    public static final String MUTUAL = "the server asks for a client certificate (mutual TLS), which a probe does not "
            + "present: its clients need one";

    private TlsJudge() {
    }

    public static Finding judge(TlsObservation o, String anchorName, TrustAnchors anchors, String serverName, Instant now) {
        if (o.failure() != null) {
            return o.failure().withConnectMillis(o.connectMillis() != null ? o.connectMillis() : o.failure().connectMillis());
        }
        String name = anchorName == null ? TrustNames.SYSTEM : anchorName;
        ChainVerifier.Verdict system = o.toolVerify() != null ? o.toolVerify()
                : verifyWith(anchors.get(TrustNames.SYSTEM), o.chain(), serverName, now);
        ChainVerifier.Verdict chosen = name.equals(TrustNames.SYSTEM) ? system
                : verifyWith(anchors.get(name), o.chain(), serverName, now);
        TlsDetails details = new TlsDetails(o.protocol(), o.cipher(), o.handshakeMillis(), serverName,
                o.chain().stream().map(Certificates::summary).toList(), name, chosen.outcome().name(),
                system == null ? null : system.outcome().name());
        X509Certificate leaf = o.chain().get(0);
        String explanation = o.clientCertificateRequested() ? chosen.explanation() + "; " + MUTUAL : chosen.explanation();
        return new Finding(chosen.outcome(), explanation, o.connectMillis(), java.util.Map.of(), details)
                .withFact("tls.protocol", o.protocol())
                .withFact("tls.cipher", o.cipher())
                .withFact("tls.handshakeMillis", o.handshakeMillis())
                .withFact("tls.subject", leaf.getSubjectX500Principal().getName())
                .withFact("tls.issuer", leaf.getIssuerX500Principal().getName())
                .withFact("tls.notAfter", leaf.getNotAfter().toInstant())
                .withFact("tls.sha256", Certificates.sha256(leaf))
                .withFact("tls.chainLength", o.chain().size())
                .withFact("tls.anchorVerdict", chosen.outcome())
                .withFact("tls.systemVerdict", system == null ? null : system.outcome())
                .withFact("tls.clientCertificateRequested", o.clientCertificateRequested() ? true : null);
    }

    private static ChainVerifier.Verdict verifyWith(TrustAnchors.Anchor anchor, List<X509Certificate> chain, String serverName,
            Instant now) {
        if (!anchor.usable()) {
            return new ChainVerifier.Verdict(ProbeOutcome.ERROR, anchor.problem());
        }
        return ChainVerifier.verify(chain, anchor.certificates(), anchor.name(), serverName, now);
    }
}
