package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.cli.doctor.DoctorReport.Check;
import ai.thinkheads.droptrace.cli.doctor.DoctorReport.Rule;
import ai.thinkheads.droptrace.cli.doctor.DoctorReport.Tracer;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.probe.TlsDetails;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictRule;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One probe result, its verdict and the tracer's answer, made into one {@link Check}. Pure. */
final class CheckBuilder {

    /** {@code <vmid> <level> <chain> <date> <zone> <message>: IN=...}: the parts of a pve-firewall line worth one cell. */
    private static final Pattern PVE_LINE = Pattern.compile("^(\\d+) \\d \\S+ \\S+ [+-]\\d{4} (.*?):? IN=");
    /** The rule as written, quoted in the tracer's one-line description. */
    private static final Pattern QUOTED = Pattern.compile("'(.*)'");
    private static final Pattern FIELD = Pattern.compile("\\b(SRC|DST|PROTO|DPT)=(\\S+)");

    private CheckBuilder() {
    }

    static Check check(ProbeResult r, Verdict v, PathVerdict traced) {
        String verdict = r.passed() ? DoctorReport.OK : v == null ? DoctorReport.NO_VERDICT : v.verdict().name();
        Tracer tracer = traced == null ? null : tracer(traced);
        return new Check(r.probeId(), r.kind().name().toLowerCase(Locale.ROOT), r.from(), r.to(), r.source(),
                r.destination(), r.protocol(), r.port(), r.outcome().name(), r.passed(), verdict,
                v == null ? null : v.confidence().name(), rule(v, traced), evidence(r, v), change(r, v, verdict),
                logIt(v), r.explanation(), v == null ? null : v.summary(), tracer);
    }

    /** The tracer's answer; one that could not be traced says why rather than showing as {@code {}}. */
    private static Tracer tracer(PathVerdict traced) {
        if (traced.action() == null) {
            String why = traced.notes().isEmpty() ? "the path could not be traced" : String.join("; ", traced.notes());
            return new Tracer(null, null, null, why);
        }
        return new Tracer(traced.action().name(), traced.decidedBy(), traced.location(), null);
    }

    /** The verdict's rule when it names one, else the tracer's deciding line. */
    static Rule rule(Verdict v, PathVerdict traced) {
        VerdictRule vr = v == null ? null : v.rule();
        if (vr != null && vr.file() != null) {
            return new Rule(vr.location(), vr.kind(), vr.file(), vr.line(), vr.text(),
                    vr.action() == null ? null : vr.action().name());
        }
        if (traced == null || traced.location() == null) {
            return null;
        }
        String location = traced.location();
        int colon = location.lastIndexOf(':');
        Integer line = null;
        String file = location;
        if (colon > 0 && location.substring(colon + 1).matches("\\d+")) {
            line = Integer.valueOf(location.substring(colon + 1));
            file = location.substring(0, colon);
        }
        String decided = traced.decidedBy();
        String kind = decided == null || decided.isBlank() ? "rule" : decided.split(" ", 2)[0];
        Matcher quoted = decided == null ? null : QUOTED.matcher(decided);
        String text = quoted != null && quoted.find() ? quoted.group(1) : decided;
        return new Rule(location, kind, file, line, text, traced.action() == null ? null : traced.action().name());
    }

    /** The first log line that proves the verdict, shortened; else what the probe saw. */
    static String evidence(ProbeResult r, Verdict v) {
        if (v != null && !v.evidence().isEmpty()) {
            long lines = v.drops() + v.rejects();
            return (lines == 1 ? "1 line" : lines + " lines") + " logged: " + brief(v.evidence().get(0));
        }
        if (r.explanation() != null && !r.explanation().isBlank()) {
            return r.explanation();
        }
        return r.outcome().name();
    }

    /** {@code 102 policy DROP SRC=10.0.0.153 DST=10.0.0.12 PROTO=TCP DPT=8443} from a pve-firewall line. */
    static String brief(String line) {
        Matcher m = PVE_LINE.matcher(line);
        if (!m.find()) {
            // in characters (code points): a cut between the two halves of an emoji printed a '?'
            return line.codePointCount(0, line.length()) <= 100 ? line
                    : line.substring(0, line.offsetByCodePoints(0, 99)) + "…";
        }
        StringBuilder b = new StringBuilder(m.group(1)).append(' ').append(m.group(2));
        Matcher f = FIELD.matcher(line);
        while (f.find()) {
            b.append(' ').append(f.group(1)).append('=').append(f.group(2));
        }
        return b.toString();
    }

    /** What to change, in one line; null when the check passed. */
    static String change(ProbeResult r, Verdict v, String verdict) {
        if (r.passed()) {
            return null;
        }
        String closed = mustStayClosed(r, v);
        if (closed != null) {
            return closed;
        }
        if (v != null && v.fix() != null && v.fix().after() != null) {
            return edit(v.fix());
        }
        if (v != null && v.suggestion() != null && v.suggestion().after() != null) {
            return "log it: " + edit(v.suggestion());
        }
        String target = r.destination() + (r.port() > 0 ? ":" + r.port() : "");
        return switch (verdict) {
            case "SERVICE_DOWN" -> "start the service on " + target + (r.to() == null ? "" : " (" + r.to() + ")")
                    + ": nothing listens there";
            case "TLS_UNTRUSTED" -> "serve a certificate issued under the trusted root" + issuer(r.tls())
                    + ", or trust that CA";
            case "TLS_EXPIRED" -> "renew the certificate of " + target;
            case "TLS_HOSTNAME_MISMATCH" -> "issue a certificate that names "
                    + (r.tls() == null || r.tls().serverName() == null ? "the server name" : r.tls().serverName());
            case "NOT_FIREWALL" -> "the firewall lets it through: check the service, the route and the guest's own firewall";
            // a probe that expects its path blocked and connected: its verdict names the rule that lets it through
            case "SERVICE_ERROR" -> r.outcome().category() == ProbeOutcome.Category.SUCCESS && v != null && v.rule() != null
                    && v.rule().action() == Action.ACCEPT && v.rule().file() != null ? letsThrough(v) : null;
            case "CONFLICTING_EVIDENCE" -> v != null && v.drops() + v.rejects() > 0
                    ? "the log shows the firewall blocking what this configuration accepts: check that pve-firewall runs "
                            + "this configuration (pve-firewall compile; droptrace rules drift for a Phoenix etc/)"
                    : null;
            case "NO_VERDICT" -> "the correlator decided nothing in time: run again with a longer --grace";
            default -> null;
        };
    }

    /**
     * The change for a probe whose path must be blocked ({@code expect: [TIMEOUT]}) that failed without a connection:
     * never one that opens the path; {@code null} for any other probe, or when the verdict names no rule.
     */
    private static String mustStayClosed(ProbeResult r, Verdict v) {
        if (r.expectsBlocked() == null || v == null || v.rule() == null || v.rule().file() == null
                || r.outcome().category() == ProbeOutcome.Category.SUCCESS) {
            return null;
        }
        if (v.rule().action() == Action.ACCEPT) {
            return letsThrough(v);
        }
        return "the path is blocked by " + v.rule().location() + ", only not as the probe expects (" + r.outcome()
                + ", where it expects " + r.expectsBlocked() + "): make that rule " + (v.rule().action() == Action.REJECT
                ? "DROP" : "REJECT") + ", or add " + r.outcome() + " to the probe's expect";
    }

    private static String letsThrough(Verdict v) {
        return "the path must be blocked, but " + v.rule().location() + " lets it through: remove or narrow that rule, "
                + "or add a DROP rule above it";
    }

    /** The verdict's suggestion to log a silent drop, when it has one and it is not already the change. */
    static String logIt(Verdict v) {
        if (v == null || v.suggestion() == null || v.suggestion().after() == null || v.fix() == null
                || v.fix().after() == null) {
            return null;
        }
        return edit(v.suggestion());
    }

    private static String edit(Suggestion s) {
        if (s.line() == null) {
            return "add to " + s.file() + ": " + s.after();
        }
        if (s.before() == null) {
            // a rule to add above the line that blocks (the tracer's fix): the line itself stays, since it may block
            // other packets too or be the GROUP line that brings a whole security group in
            return "add above " + s.file() + ":" + s.line() + " (first match wins): " + s.after();
        }
        return "change " + s.file() + ":" + s.line() + " to: " + s.after();
    }

    private static String issuer(TlsDetails tls) {
        if (tls == null || tls.chain().isEmpty() || tls.chain().get(0).issuer() == null) {
            return "";
        }
        String issuer = tls.chain().get(0).issuer();
        Matcher cn = Pattern.compile("CN=([^,]+)").matcher(issuer);
        return " (it is issued by " + (cn.find() ? cn.group(1) : issuer) + ")";
    }
}
