package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.net.IcmpType;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;

/**
 * The rule a user would add, in {@code .fw} syntax, to let a blocked packet through: above the
 * blocking rule (first match wins; for a rule of a security group, above the {@code GROUP} line of the
 * guest's or host's rules that uses the group, since the group is shared), or at the end of the rules
 * when a policy blocks. Built-in drops
 * get none: they are noise, spoofing or a missing {@code radv}, which no accept rule should paper over.
 */
final class FixAdvisor {

    private final CompiledFirewall fw;

    FixAdvisor(CompiledFirewall fw) {
        this.fw = fw;
    }

    Suggestion fix(Decider decider, RequestResolver.Resolved resolved) {
        PacketView p = resolved.packet();
        String file;
        Integer line;
        boolean out;
        String note = "";
        if (decider instanceof Decider.RuleDecision r && r.via() != null) {
            // A rule of a security group: an accept added inside the group would let the packet through for every
            // guest that uses it, so it goes above the GROUP line that brings the group into this chain.
            file = r.via().file();
            line = r.via().line();
            out = r.via().chain().endsWith("-OUT");
            note = ", not inside " + r.rule().section().replaceFirst("^group ", "security group ")
                    + " (" + r.rule().location() + "), which every guest using it shares";
        } else if (decider instanceof Decider.RuleDecision r) {
            file = r.rule().file();
            line = r.rule().line();
            out = r.rule().chain().endsWith("-OUT");
        } else if (decider instanceof Decider.PolicyDecision pol) {
            boolean host = pol.chain().startsWith("PVEFW-HOST-");
            file = host ? fw.ruleset().host().path() : pol.file();
            line = null;
            out = pol.chain().endsWith("-OUT");
        } else {
            return null;
        }
        // simulate's made-up address (no --source/--dest, no address known) is nobody's: the rule leaves it out
        boolean any = out ? resolved.anyDest() : resolved.anySource();
        String rule = (out ? "OUT" : "IN") + " ACCEPT" + (any ? "" : out ? " -dest " + p.dest : " -source " + p.source)
                + match(p);
        String where = line == null ? fw.ruleset().endOfRules(file) : "above " + file + ":" + line
                + " (first match wins" + note + ")";
        String anyNote = !any ? "" : " (for every " + (out ? "destination" : "source") + ": " + (out ? p.dest : p.source)
                + " was made up; give --" + (out ? "dest" : "source") + " for a rule that names the real one)";
        return new Suggestion("if this path should work, add " + where + ": " + rule + anyNote, file, line, null, rule);
    }

    private static String match(PacketView p) {
        String proto = " -p " + Protocols.name(p.proto);
        if (p.proto == Protocols.ICMP || p.proto == Protocols.ICMPV6) {
            return proto + (p.icmpType < 0 ? "" : " -icmp-type "
                    + new IcmpType(p.icmpType, p.icmpCode < 0 ? -1 : p.icmpCode).keyword(p.proto == Protocols.ICMPV6));
        }
        return proto + (Protocols.hasPorts(p.proto) && p.dport >= 0 ? " -dport " + p.dport : "");
    }
}
