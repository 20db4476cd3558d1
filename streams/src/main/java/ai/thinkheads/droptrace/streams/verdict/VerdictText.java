package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.Action;
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
        return summary(r, cls, rule, withRuleset, null);
    }

    /**
     * @param loggedBy the chain that logged the drops or rejects when it is not the one the rule decides in (the rule is
     *     then what the ruleset says, not what the kernel did), else {@code null}
     */
    static String summary(ProbeResult r, VerdictClass cls, VerdictRule rule, boolean withRuleset, String loggedBy) {
        String flow = r.destination() == null ? r.probeId() : Verdict.Probe.of(r).flow();
        String where = rule == null ? "" : "none".equals(rule.kind()) ? " (no firewall on its path)"
                : " (" + rule.location() + ")";
        // the log and the rule disagree (another chain logged it, or the other action): each is said apart
        boolean rejects = rule != null && rule.action() == Action.REJECT;
        boolean apart = rule != null && (loggedBy != null || cls == VerdictClass.BLOCKED_LOGGED && rejects
                || cls == VerdictClass.REJECTED && rule.action() == Action.DROP);
        String ruleset = !apart ? null : (loggedBy == null ? "" : " by " + loggedBy) + "; the ruleset "
                + (rejects ? "rejects" : "drops") + " it by " + ruleName(rule) + where;
        String what = switch (cls) {
            case BLOCKED_LOGGED -> ruleset != null ? "dropped by the firewall, logged" + ruleset
                    : "dropped by the firewall, logged: " + ruleName(rule) + where;
            case BLOCKED_PREDICTED -> "dropped by " + ruleName(rule) + where + ", not logged";
            case REJECTED -> ruleset != null ? "rejected by the firewall, logged" + ruleset
                    : "rejected by " + ruleName(rule) + where;
            case NOT_FIREWALL -> "no answer, but the firewall accepts it" + where + ": not the firewall";
            case SERVICE_DOWN -> "connection refused: nothing listens on the port" + where;
            case SERVICE_ERROR -> switch (r.outcome()) {
                case HANDSHAKE_TIMEOUT -> "the TLS handshake got no answer (" + r.outcome() + ")";
                case HANDSHAKE_FAILED -> "the TLS handshake failed (" + r.outcome() + ")";
                default -> VerdictDecider.unexpectedlyOpen(r) ? "open (" + r.outcome() + "), but the probe expects it "
                        + "blocked: the firewall lets it through" + where : "the service answered wrongly (" + r.outcome() + ")";
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
