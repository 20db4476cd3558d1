package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.verdict.VerdictRule;

/** Turns the tracer's decider into the rule a verdict names. */
final class RuleEvidence {

    private RuleEvidence() {
    }

    static VerdictRule of(Decider decider, boolean logged) {
        if (decider instanceof Decider.RuleDecision r) {
            return new VerdictRule("rule", r.action(), r.rule().file(), r.rule().line(), r.rule().section(),
                    r.rule().text(), r.rule().chain(), logged, decider.describe());
        }
        if (decider instanceof Decider.PolicyDecision p) {
            String text = p.option() + ": " + p.action() + (p.line() == null ? " (default)" : "");
            return new VerdictRule("policy", p.action(), p.file(), p.line(), "OPTIONS", text, p.chain(), logged,
                    decider.describe());
        }
        if (decider instanceof Decider.BuiltinDecision b) {
            return new VerdictRule("builtin", b.action(), null, null, null, b.description(), b.chain(), logged,
                    decider.describe());
        }
        Decider.NoFirewall none = (Decider.NoFirewall) decider;
        return new VerdictRule("none", none.action(), null, null, null, none.reason(), null, false, decider.describe());
    }
}
