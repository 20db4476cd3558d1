package ai.thinkheads.droptrace.probes.file;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.FileSettings;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.Explain;
import ai.thinkheads.droptrace.probes.tls.Certificates;
import ai.thinkheads.droptrace.probes.tls.TrustAnchors;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A file that must exist and, for certificates, parse and carry the fingerprint of another source:
 * a given SHA-256, another file (the root on the NFS share vs the CA's own), or a trust anchor.
 */
public final class FileCheck {

    private FileCheck() {
    }

    /**
     * Judges the output of the file tool ({@code cat}) run inside a guest. Only the tool's own words about the file
     * ({@code cat: /path: No such file or directory}) make it FILE_MISSING: a prefix that cannot run or a guest that is
     * not running ({@code CT 103 not running}) says nothing about the file, so it is ERROR.
     */
    public static Finding judgeGuest(FileSettings s, CommandOutput out, TrustAnchors anchors, Duration timeout) {
        if (out.timedOut()) {
            return judge(s, null, "reading it did not finish within " + Explain.seconds(timeout) + " (a hung network mount?)",
                    anchors);
        }
        if (out.exitCode() == 0) {
            return judge(s, out.stdout(), null, anchors);
        }
        String said = Explain.firstLine(out.combined());
        if (out.combined().contains(s.path() + ":")) {
            return judge(s, null, said, anchors);
        }
        return Finding.of(ProbeOutcome.ERROR, "the file could not be looked at: " + out.argv().get(0) + " failed (exit "
                + out.exitCode() + ")" + (said.isEmpty() ? "" : ": " + said));
    }

    /** {@code content} is the file's text, or {@code null} when it could not be read ({@code problem} says why). */
    public static Finding judge(FileSettings s, String content, String problem, TrustAnchors anchors) {
        if (content == null) {
            return Finding.of(ProbeOutcome.FILE_MISSING, s.path() + " cannot be read: " + problem);
        }
        Finding base = Finding.of(ProbeOutcome.FILE_OK, s.path() + " exists").withFact("file.bytes", content.length());
        if (!s.certificate()) {
            return base;
        }
        List<X509Certificate> certs;
        try {
            certs = Certificates.fromPem(content);
        } catch (CertificateException e) {
            return base.withOutcome(ProbeOutcome.FILE_INVALID, s.path() + " holds a PEM block that is not a certificate: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            return base.withOutcome(ProbeOutcome.FILE_INVALID, s.path() + " holds no PEM certificate");
        }
        String fingerprint = Certificates.sha256(certs.get(0));
        base = base.withFact("file.sha256", fingerprint).withFact("file.subject", certs.get(0).getSubjectX500Principal().getName())
                .withFact("file.notAfter", certs.get(0).getNotAfter().toInstant());
        String expected;
        String source;
        if (s.sha256() != null) {
            expected = Certificates.normaliseFingerprint(s.sha256());
            source = "the configured fingerprint";
        } else if (s.equalsFile() != null || s.equalsTrust() != null) {
            TrustAnchors.Anchor other = s.equalsFile() != null ? TrustAnchors.fromFile(s.equalsFile(), Path.of(s.equalsFile()))
                    : anchors.get(s.equalsTrust());
            if (!other.usable()) {
                return base.withOutcome(ProbeOutcome.ERROR, "cannot compare: " + other.problem());
            }
            expected = Certificates.sha256(other.certificates().get(0));
            source = s.equalsFile() != null ? s.equalsFile() : "trust anchor '" + s.equalsTrust() + "'";
        } else {
            return base.withOutcome(ProbeOutcome.FILE_OK, s.path() + " is a certificate of '" + Certificates.name(certs.get(0))
                    + "' valid until " + certs.get(0).getNotAfter().toInstant());
        }
        if (!expected.equals(fingerprint)) {
            return base.withFact("file.expectedSha256", expected).withOutcome(ProbeOutcome.FILE_MISMATCH, s.path()
                    + " is not the same certificate as " + source + " (SHA-256 " + abbreviate(fingerprint) + " vs "
                    + abbreviate(expected) + "): the copy is stale or from another CA");
        }
        return base.withOutcome(ProbeOutcome.FILE_OK, s.path() + " is the same certificate as " + source);
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint.substring(0, 11) + "...";
    }
}
