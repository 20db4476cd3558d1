package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.core.verdict.VerdictRule;

/** The one-line summary of a verdict. */
final class VerdictText {

    private VerdictText() {
    }

    /** @param withRuleset whether a ruleset was published (an undetermined failure had one it could not trace) */
    static String summary(ProbeResult r, VerdictClass cls, VerdictRule rule, boolean withRuleset) {
        String flow = r.destination() == null ? r.probeId() : Verdict.Probe.of(r).flow();
        String where = rule == null ? "" : " (" + rule.location() + ")";
        String what = switch (cls) {
            case BLOCKED_LOGGED -> "dropped by the firewall, logged: " + ruleName(rule) + where;
            case BLOCKED_PREDICTED -> "dropped by " + ruleName(rule) + where + ", not logged";
            case REJECTED -> "rejected by " + ruleName(rule) + where;
            case NOT_FIREWALL -> "no answer, but the firewall accepts it" + where + ": not the firewall";
            case SERVICE_DOWN -> "connection refused: nothing listens on the port" + where;
            case SERVICE_ERROR -> switch (r.outcome()) {
                case HANDSHAKE_TIMEOUT -> "the TLS handshake got no answer (" + r.outcome() + ")";
                case HANDSHAKE_FAILED -> "the TLS handshake failed (" + r.outcome() + ")";
                default -> "the service answered wrongly (" + r.outcome() + ")";
            };
            case TLS_UNTRUSTED -> "TLS certificate not trusted (" + r.outcome() + ")";
            case TLS_HOSTNAME_MISMATCH -> "TLS certificate does not name the server";
            case TLS_EXPIRED -> "TLS certificate expired or not yet valid";
            case CONFLICTING_EVIDENCE -> "the log, the ruleset and the outcome disagree" + where;
            case UNDETERMINED -> "failed (" + r.outcome() + "); " + (withRuleset
                    ? "nothing was logged and the ruleset cannot trace it" : "no ruleset and no log line decide it");
            case PROBE_ERROR -> "the probe could not run";
            case OK -> "works again";
        };
        return r.probeId() + ": " + flow + " " + what;
    }

    private static String ruleName(VerdictRule rule) {
        if (rule == null) {
            return "an unknown rule";
        }
        return switch (rule.kind()) {
            case "rule" -> "rule '" + rule.text() + "'";
            case "policy" -> "the default policy " + rule.action() + " of " + rule.chain();
            case "builtin" -> "a built-in rule of " + rule.chain();
            default -> "no firewall";
        };
    }
}
