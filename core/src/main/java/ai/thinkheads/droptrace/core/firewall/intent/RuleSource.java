package ai.thinkheads.droptrace.core.firewall.intent;

import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.util.Optional;

/** A configuration that can be traced and changed in memory: a Proxmox directory's ruleset, or a Phoenix site. */
public interface RuleSource {

    Ruleset ruleset();

    /** The declaration a {@code .fw} line comes from ({@code phoenix_lxc_configs.json:99 .lxc_configs["102"]...}), if any. */
    Optional<String> declaredAt(String file, int line);

    /** A proposal: the rule, and the configuration with it added. */
    record Proposal(ProposedRule rule, RuleSource next) {
    }

    /**
     * The rule that lets {@code blocked} through where it was stopped (its {@code fix}), in this
     * configuration's own terms; empty when nothing a user writes can help (a built-in drop).
     *
     * @param comment the comment to give the rule
     */
    Optional<Proposal> propose(TraceResult blocked, String comment);
}
