package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import ai.thinkheads.droptrace.core.firewall.trace.AddressType;
import ai.thinkheads.droptrace.core.firewall.trace.Attribution;
import ai.thinkheads.droptrace.core.firewall.trace.Attribution.Status;
import ai.thinkheads.droptrace.core.firewall.trace.Builtin;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.RuleRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the rule that wrote a log line. pve-firewall puts each log rule directly before its action
 * rule with the same match, so the writer of a line is the first entry of the named chain that
 * matches the packet; it must log at the line's level with the line's action. A policy line must
 * come from the chain's policy; a line no entry could have written is reported as such, with the
 * rules that log at that level as candidates (the configuration has likely changed since).
 */
public final class LogAttributor {

    private final CompiledFirewall fw;
    private final ChainNames names;

    public LogAttributor(CompiledFirewall fw) {
        this.fw = fw;
        this.names = new ChainNames(fw);
    }

    public Attribution attribute(FirewallEvent e) {
        String chainName = e.chain();
        PacketView p = packet(e.packet());
        if (p == null) {
            return new Attribution(Status.NO_WRITER, chainName, e.action(), null,
                    "the line carries no IP source and destination, so no rule can be matched", List.of());
        }
        ChainNames.Target target = names.resolve(e);
        if (target.chain() == null) {
            return new Attribution(Status.UNKNOWN_CHAIN, chainName, e.action(), null, target.reason(), List.of());
        }
        Packet pk = e.packet();
        p.interfaces(target.hostOut() ? "lo" : pk.inInterface(), pk.outInterface());
        if (target.builtin() != null) {
            return builtin(e, target, p);
        }
        ChainOutcome outcome = ChainEvaluator.evaluate(target.chain(), p, null);
        boolean nft = e.backend() == Backend.NFTABLES;
        if (writes(e, outcome, target.chain().name(), nft ? nftChain(outcome) : null)) {
            Status status = outcome.decider() instanceof Decider.PolicyDecision ? Status.POLICY : Status.RULE;
            return new Attribution(status, chainName, outcome.action(), outcome.decider(),
                    "written by " + outcome.decider().describe(), List.of());
        }
        return noWriter(e, target.chain(), outcome, nft ? nftChain(outcome) : null);
    }

    /**
     * @param nftChain for an nftables line, the proxmox-firewall chain the outcome logs in ({@code null} for an iptables
     *     line): host.fw rules log in host-in/out, cluster.fw rules and the host policy in cluster-in/out, so a line
     *     naming one of them is not written by the other, though both are evaluated as the one PVEFW-HOST-IN/OUT
     */
    private static boolean writes(FirewallEvent e, ChainOutcome outcome, String chain, String nftChain) {
        if (outcome.action() == null || outcome.log() == null || outcome.log().level() != e.level()) {
            return false;
        }
        if (e.action() != null && e.action() != outcome.action()) {
            return false;
        }
        boolean policy = outcome.decider() instanceof Decider.PolicyDecision;
        if (nftChain != null) {
            return nftChain.equals(e.chain());
        }
        return policy == e.policy() && outcome.log().chain().equals(chain);
    }

    private static final Pattern IPT_GUEST = Pattern.compile("(?:tap|veth)(\\d+)i\\d+-(IN|OUT)");

    /** The proxmox-firewall chain that holds the log rule of an outcome that logs (one chain per guest, not per NIC). */
    private String nftChain(ChainOutcome outcome) {
        if (outcome.log() == null) {
            return null;
        }
        String chain = outcome.log().chain();
        String dir = chain.endsWith("-OUT") ? "out" : "in";
        if (chain.equals(HostChainBuilder.HOST_IN) || chain.equals(HostChainBuilder.HOST_OUT)) {
            boolean hostFile = outcome.decider() instanceof Decider.RuleDecision r
                    && r.rule().file().equals(fw.ruleset().host().path());
            return (hostFile ? "host-" : "cluster-") + dir;
        }
        Matcher m = IPT_GUEST.matcher(chain);
        if (m.matches()) {
            return "guest-" + m.group(1) + "-" + dir;
        }
        if (chain.startsWith("GROUP-")) {
            return chain.toLowerCase(Locale.ROOT);
        }
        return chain;
    }

    private Attribution builtin(FirewallEvent e, ChainNames.Target target, PacketView p) {
        for (Entry entry : target.chain().entries()) {
            if (entry instanceof Entry.BuiltinEntry b && b.builtin() == target.builtin()) {
                String assumed = "";
                if (!b.condition().test(p)) {
                    // The smurf filter's --src-type BROADCAST is the kernel's: the broadcast address of any subnet of
                    // the host (192.0.2.255), which the line cannot show; only a multicast or 255.255.255.255 source is
                    // told by the address itself. A line of PVEFW-smurflog says the kernel found it a broadcast.
                    PacketView broadcast = b.builtin() == Builtin.SMURFS && p.sourceType == AddressType.UNICAST
                            ? new PacketView(p.source, p.dest, p.proto, p.dport, p.sport, p.icmpType, p.icmpCode, p.tcpFlags,
                                    AddressType.BROADCAST, p.destType)
                            : null;
                    if (broadcast == null || !b.condition().test(broadcast)) {
                        return new Attribution(Status.NO_WRITER, e.chain(), e.action(), null, "the packet does not match "
                                + b.description() + " in this configuration", List.of());
                    }
                    assumed = " (its source " + e.packet().source() + " taken for the broadcast address of a subnet of the "
                            + "host, as the kernel's addrtype match found it: the line does not say)";
                }
                if (b.log() == null || b.log().digit() != e.level()) {
                    return new Attribution(Status.NO_WRITER, e.chain(), e.action(), null, "this configuration logs "
                            + b.description() + " at " + (b.log() == null ? "nolog" : b.log().keyword()) + ", the line at level "
                            + e.level(), List.of());
                }
                Decider d = new Decider.BuiltinDecision(Action.DROP, b.builtin(), e.chain(), b.description(), b.log());
                return new Attribution(Status.BUILTIN, e.chain(), Action.DROP, d, "written by " + d.describe() + assumed,
                        List.of());
            }
        }
        return new Attribution(Status.UNKNOWN_CHAIN, e.chain(), e.action(), null, "this configuration has no "
                + target.builtin().name().toLowerCase(Locale.ROOT) + " filter, so nothing writes to " + e.chain(), List.of());
    }

    private static Attribution noWriter(FirewallEvent e, Chain chain, ChainOutcome outcome, String nftChain) {
        List<RuleRef> candidates = new ArrayList<>();
        collect(chain, e, candidates);
        String first = outcome.decider() == null ? "no entry of " + chain.name() + " matches it"
                : "the first match is " + outcome.decider().describe() + (outcome.log() == null ? ", which does not log"
                        : ", which writes '" + outcome.log().prefix().strip() + "'" + differences(e, outcome, chain, nftChain));
        String explanation = "no rule of this configuration writes this line: " + first
                + (candidates.isEmpty() ? "" : "; rules of " + chain.name() + " that log at level " + e.level()
                        + " are listed as candidates (the configuration may have changed since the line was written)");
        return new Attribution(Status.NO_WRITER, e.chain(), e.action(), null, explanation, candidates);
    }

    /** How the line differs from the one the first match writes: the level, the action, policy or rule, the chain. */
    private static String differences(FirewallEvent e, ChainOutcome outcome, Chain chain, String nftChain) {
        boolean nft = nftChain != null;
        List<String> out = new ArrayList<>();
        if (outcome.log().level() != e.level()) {
            out.add("this line is at level " + e.level());
        }
        if (e.action() != null && e.action() != outcome.action()) {
            out.add("this line's action is " + e.action());
        }
        boolean policy = outcome.decider() instanceof Decider.PolicyDecision;
        if (!nft && policy != e.policy()) {
            String said = e.message() == null || e.message().isEmpty() ? ""
                    : " ('" + e.message().replaceFirst(":$", "") + "')";
            out.add(e.policy() ? "this line is a policy's" + said + ", not a rule's"
                    : "this line is a rule's" + said + ", not a policy's");
        }
        if (nft ? !nftChain.equals(e.chain()) : !outcome.log().chain().equals(chain.name())) {
            out.add("this line names chain " + e.chain() + (nft ? ", not " + nftChain : ""));
        }
        return out.isEmpty() ? "" : ", and " + String.join(", ", out);
    }

    /**
     * The rules of the named chain itself that log at the line's level with its action: a security group's rules log
     * in the group's chain (GROUP-x-IN, an empty message), never in the chain of the guest or host that uses the group,
     * and no rule writes a policy's line ('policy DROP:'), so neither is a candidate (before, a group used twice was
     * listed twice, and its rules were candidates for a line they cannot write).
     */
    private static void collect(Chain chain, FirewallEvent e, List<RuleRef> out) {
        if (e.policy() && e.backend() != Backend.NFTABLES) {
            return;
        }
        for (Entry entry : chain.entries()) {
            if (entry instanceof Entry.RuleEntry r && r.ref().log().digit() == e.level()
                    && (e.action() == null || e.action() == r.action()) && !out.contains(r.ref())) {
                out.add(r.ref());
            }
            // a rule disabled ('|') or broken since may be the one that wrote the line: its text says which it is
            if (entry instanceof Entry.SkippedEntry s && s.action() != null && s.ref().log().digit() == e.level()
                    && (e.action() == null || e.action() == s.action()) && !out.contains(s.ref())) {
                out.add(s.ref());
            }
        }
    }

    /** The packet of a log line as the matchers see it, or {@code null} without addresses. */
    static PacketView packet(Packet pk) {
        IpAddress src = pk.source() == null ? null : IpAddress.parse(pk.source());
        IpAddress dst = pk.destination() == null ? null : IpAddress.parse(pk.destination());
        if (src == null || dst == null || src.version() != dst.version()) {
            return null;
        }
        int proto = Protocols.packetNumber(pk.protocol());
        int flags = pk.tcpFlags() == null ? 0 : PacketView.flags(pk.tcpFlags());
        return new PacketView(src, dst, proto, nz(pk.destinationPort()), nz(pk.sourcePort()), nz(pk.icmpType()),
                nz(pk.icmpCode()), flags, type(src, null), type(dst, pk.macDestination()));
    }

    private static AddressType type(IpAddress a, String mac) {
        if (mac != null && mac.equalsIgnoreCase("ff:ff:ff:ff:ff:ff")) {
            return AddressType.BROADCAST;
        }
        if (a.version() == 4) {
            long v = a.lo() & 0xffff_ffffL;
            return v == 0xffff_ffffL ? AddressType.BROADCAST : (v >>> 28) == 0xe ? AddressType.MULTICAST : AddressType.UNICAST;
        }
        return (a.hi() >>> 56) == 0xff ? AddressType.MULTICAST : AddressType.UNICAST;
    }

    private static int nz(Integer v) {
        return v == null ? -1 : v;
    }
}
