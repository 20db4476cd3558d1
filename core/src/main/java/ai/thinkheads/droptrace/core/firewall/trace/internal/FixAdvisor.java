package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.net.IcmpType;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import ai.thinkheads.droptrace.core.firewall.trace.Builtin;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule a user would add, in {@code .fw} syntax, to let a blocked packet through: above the
 * blocking rule (first match wins; for a rule of a security group, above the {@code GROUP} line of the
 * guest's or host's rules that uses the group, since the group is shared), or at the end of the rules
 * when a policy blocks, or when the noise filter a DROP/REJECT policy runs first ({@code PVEFW-Drop}: SMB, UPnP, tcp/43)
 * drops a new connection, since the rules come before it too (a Samba share on tcp/445). Other built-in drops
 * get none: they are spoofing, a missing {@code radv}, a blacklist, or packets of no new connection, which no accept
 * rule should paper over.
 */
final class FixAdvisor {

    private static final Pattern GUEST_CHAIN = Pattern.compile("^(?:tap|veth)(\\d+)i(\\d+)-(?:IN|OUT)$");

    private final CompiledFirewall fw;

    FixAdvisor(CompiledFirewall fw) {
        this.fw = fw;
    }

    Suggestion fix(Decider decider, RequestResolver.Resolved resolved) {
        PacketView p = resolved.packet();
        String file;
        Integer line;
        boolean out;
        String chain;
        String note = "";
        if (decider instanceof Decider.RuleDecision r && r.via() != null) {
            // A rule of a security group: an accept added inside the group would let the packet through for every
            // guest that uses it, so it goes above the GROUP line that brings the group into this chain.
            file = r.via().file();
            line = r.via().line();
            out = r.via().chain().endsWith("-OUT");
            chain = r.via().chain();
            note = ", not inside " + r.rule().section().replaceFirst("^group ", "security group ")
                    + " (" + r.rule().location() + "), which every guest using it shares";
        } else if (decider instanceof Decider.RuleDecision r) {
            file = r.rule().file();
            line = r.rule().line();
            out = r.rule().chain().endsWith("-OUT");
            chain = r.rule().chain();
        } else if (decider instanceof Decider.PolicyDecision pol) {
            boolean host = pol.chain().startsWith("PVEFW-HOST-");
            file = host ? fw.ruleset().host().path() : pol.file();
            line = null;
            out = pol.chain().endsWith("-OUT");
            chain = pol.chain();
        } else if (decider instanceof Decider.BuiltinDecision b && b.builtin() == Builtin.POLICY_NOISE
                && newConnection(p) && policyFile(b.chain()) != null) {
            // PVEFW-Drop/PVEFW-Reject run as part of the policy, after every rule: an accept in [RULES] comes first
            file = policyFile(b.chain());
            line = null;
            out = b.chain().endsWith("-OUT");
            chain = b.chain();
        } else {
            return null;
        }
        // simulate's made-up address (no --source/--dest, no address known) is nobody's: the rule leaves it out
        boolean any = out ? resolved.anyDest() : resolved.anySource();
        String rule = (out ? "OUT" : "IN") + " ACCEPT" + iface(chain) + (any ? "" : out ? " -dest " + p.dest : " -source " + p.source)
                + match(p);
        String where = line == null ? fw.ruleset().endOfRules(file) : "above " + file + ":" + line
                + " (first match wins" + note + ")";
        String anyNote = !any ? "" : " (for every " + (out ? "destination" : "source") + ": " + (out ? p.dest : p.source)
                + " was made up; give --" + (out ? "dest" : "source") + " for a rule that names the real one)";
        return new Suggestion("if this path should work, add " + where + ": " + rule + anyNote, file, line, null, rule);
    }

    /** A packet that opens a connection: a TCP SYN, or a datagram that is no DNS reply. */
    private static boolean newConnection(PacketView p) {
        if (p.proto == Protocols.TCP) {
            return (p.tcpFlags & (PacketView.FIN | PacketView.SYN | PacketView.RST | PacketView.ACK)) == PacketView.SYN;
        }
        return !(p.proto == Protocols.UDP && p.sport == 53);
    }

    /** The file whose [RULES] a chain's policy follows: the host's file for the host chains, the guest's for its own. */
    private String policyFile(String chain) {
        if (chain.startsWith("PVEFW-HOST-")) {
            return fw.ruleset().host().path();
        }
        Matcher m = GUEST_CHAIN.matcher(chain);
        return m.matches() ? fw.ruleset().guest(Integer.parseInt(m.group(1))).map(FwFile::path).orElse(null) : null;
    }

    /**
     * {@code -i net<N>} for a chain of a guest with more than one firewalled NIC: a guest rule without it is in the
     * chains of every NIC, so it would let the packet's source in (or out) on the other NICs too.
     */
    private String iface(String chain) {
        Matcher m = GUEST_CHAIN.matcher(chain);
        if (!m.matches()) {
            return "";
        }
        long firewalled = fw.ruleset().inventory().byVmid(Integer.parseInt(m.group(1)))
                .map(g -> g.nics().stream().filter(Nic::firewall).count()).orElse(1L);
        return firewalled > 1 ? " -i net" + m.group(2) : "";
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
