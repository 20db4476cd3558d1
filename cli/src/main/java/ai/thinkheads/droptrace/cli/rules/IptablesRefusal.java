package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.internal.CompiledFirewall;
import ai.thinkheads.droptrace.core.firewall.trace.internal.ConfigProblem;
import java.util.Optional;

/**
 * A configuration that iptables-restore refuses (a port list of more than 15 ports for {@code -m multiport}) is one
 * pve-firewall never loads: the rules it loaded before stay in force. Published, it would be taken by every correlator
 * as the firewall in force, and its verdicts would name rules that filter nothing; so it is not published, and the
 * version published before stays, as pve-firewall's rules do.
 */
public final class IptablesRefusal {

    private IptablesRefusal() {
    }

    /** Why pve-firewall cannot load this configuration ({@code rules check}'s {@code iptables-refuses}), or empty. */
    public static Optional<String> of(RuleTracer tracer) {
        CompiledFirewall fw = tracer.compiled();
        if (!fw.enabled() || fw.refusedByIptables().isEmpty()) { // nothing is loaded while the firewall is off
            return Optional.empty();
        }
        ConfigProblem first = fw.refusedByIptables().get(0);
        int more = fw.refusedByIptables().size() - 1;
        return Optional.of(ParseWarning.location(first.file(), first.line()) + ": " + first.message()
                + (more == 0 ? "" : " (and " + more + " more such " + (more == 1 ? "list" : "lists") + ")")
                + ": iptables-restore refuses the ruleset, so pve-firewall loads none of this configuration and the "
                + "rules it loaded before stay in force; not published (split the list into rules of at most 15 "
                + "ports each; 'droptrace rules check' lists " + (more == 0 ? "it" : "them") + ")");
    }
}
