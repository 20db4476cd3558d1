package ai.thinkheads.droptrace.streams.ruleset;

import ai.thinkheads.droptrace.core.firewall.trace.Attribution;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;

/**
 * The short name of what decided a packet, as per-pair state and alerts keep it: {@code file:line}
 * of a rule, {@code file:line} of the option that sets a policy (or {@code file:policy_in} for a
 * default policy), {@code builtin:<name>} for a rule pve-firewall adds by itself.
 */
public final class RuleLabels {

    private RuleLabels() {
    }

    /** The label of the writer of a log line, or {@code null} when the line is not attributed. */
    public static String of(Attribution attribution) {
        return attribution != null && attribution.attributed() ? of(attribution.writer()) : null;
    }

    public static String of(Decider decider) {
        if (decider instanceof Decider.RuleDecision r) {
            return r.rule().location();
        }
        if (decider instanceof Decider.PolicyDecision p) {
            return p.file() + ":" + (p.line() != null ? p.line().toString() : p.option());
        }
        if (decider instanceof Decider.BuiltinDecision b) {
            return "builtin:" + b.builtin().name().toLowerCase(java.util.Locale.ROOT);
        }
        return null;
    }
}
