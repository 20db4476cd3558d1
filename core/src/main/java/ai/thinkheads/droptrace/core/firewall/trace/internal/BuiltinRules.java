package ai.thinkheads.droptrace.core.firewall.trace.internal;

import static ai.thinkheads.droptrace.core.firewall.net.Protocols.ICMP;
import static ai.thinkheads.droptrace.core.firewall.net.Protocols.ICMPV6;
import static ai.thinkheads.droptrace.core.firewall.net.Protocols.IGMP;
import static ai.thinkheads.droptrace.core.firewall.net.Protocols.TCP;
import static ai.thinkheads.droptrace.core.firewall.net.Protocols.UDP;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.net.AddressRange;
import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.trace.AddressType;
import ai.thinkheads.droptrace.core.firewall.trace.Builtin;
import java.util.ArrayList;
import java.util.List;

/** The rules pve-firewall writes by itself into its chains, as {@link Entry.BuiltinEntry}s. */
final class BuiltinRules {

    private static final int ALL_FLAGS = PacketView.FIN | PacketView.SYN | PacketView.RST | PacketView.PSH
            | PacketView.ACK | PacketView.URG;
    private static final AddressSet MULTICAST_V4 = AddressSet.of(AddressRange.prefix(IpAddress.parse("224.0.0.0"), 4));
    private static final AddressSet MULTICAST_V6 = AddressSet.of(AddressRange.prefix(IpAddress.parse("ff00::"), 8));
    private static final IpAddress ZERO_V4 = IpAddress.parse("0.0.0.0");

    private BuiltinRules() {
    }

    static Entry dhcp(boolean in) {
        String d = in ? "DHCP reply to the guest (udp 67->68, v6 547->546)" : "DHCP request from the guest (udp 68->67, v6 546->547)";
        return new Entry.BuiltinEntry(Builtin.DHCP, d, p -> p.proto == UDP
                && (p.family == 4 ? (in ? p.sport == 67 && p.dport == 68 : p.sport == 68 && p.dport == 67)
                        : (in ? p.sport == 547 && p.dport == 546 : p.sport == 546 && p.dport == 547)),
                Action.ACCEPT, null, null);
    }

    /** Neighbour discovery: router solicitation, (router advertisement), neighbour solicitation and advertisement. */
    static Entry ndp(boolean withRouterAdvertisement) {
        return new Entry.BuiltinEntry(Builtin.NDP, "IPv6 neighbour discovery (icmpv6 133"
                + (withRouterAdvertisement ? ",134" : "") + ",135,136)",
                p -> p.family == 6 && p.proto == ICMPV6 && (p.icmpType == 133 || p.icmpType == 135
                        || p.icmpType == 136 || (withRouterAdvertisement && p.icmpType == 134)),
                Action.ACCEPT, null, null);
    }

    /** The first rule of PVEFW-HOST-IN ({@code -i lo}) and PVEFW-HOST-OUT ({@code -o lo}): the host's own loopback. */
    static Entry loopback(boolean in) {
        return new Entry.BuiltinEntry(Builtin.LOOPBACK, in ? "-i lo: arrives on the loopback interface"
                : "-o lo: leaves on the loopback interface", p -> "lo".equals(in ? p.ifaceIn : p.ifaceOut),
                Action.ACCEPT, null, null);
    }

    static Entry igmp() {
        return new Entry.BuiltinEntry(Builtin.IGMP, "IGMP (multicast membership)", p -> p.proto == IGMP,
                Action.ACCEPT, null, null);
    }

    /** The input filters of PVEFW-HOST-IN and PVEFW-FWBR-IN: blacklist, smurfs, tcpflags. */
    static List<Entry> inputFilters(AddressSet blacklist, LogLevel blacklistLevel, boolean smurfs, LogLevel smurfLevel,
            boolean tcpflags, LogLevel tcpflagsLevel) {
        List<Entry> out = new ArrayList<>();
        if (blacklist != null) {
            out.add(new Entry.BuiltinEntry(Builtin.BLACKLIST, "source in the cluster ipset 'blacklist'",
                    p -> blacklist.contains(p.source), Action.DROP, blacklistLevel, "PVEFW-blacklist"));
        }
        if (smurfs) {
            out.add(new Entry.BuiltinEntry(Builtin.SMURFS, "source is a broadcast or multicast address (smurfs)",
                    p -> p.family == 4 && !p.source.equals(ZERO_V4)
                            && (p.sourceType == AddressType.BROADCAST || MULTICAST_V4.contains(p.source)),
                    Action.DROP, smurfLevel, "PVEFW-smurflog"));
        }
        if (tcpflags) {
            out.add(new Entry.BuiltinEntry(Builtin.TCPFLAGS, "illegal TCP flag combination (tcpflags)",
                    BuiltinRules::illegalFlags, Action.DROP, tcpflagsLevel, "PVEFW-logflags"));
        }
        return out;
    }

    private static boolean illegalFlags(PacketView p) {
        if (p.proto != TCP) {
            return false;
        }
        int f = p.tcpFlags & ALL_FLAGS;
        int syn = PacketView.SYN;
        return f == (PacketView.FIN | PacketView.PSH | PacketView.URG) || f == 0
                || (f & (syn | PacketView.RST)) == (syn | PacketView.RST)
                || (f & (syn | PacketView.FIN)) == (syn | PacketView.FIN)
                || (p.sport == 0 && (f & (PacketView.FIN | syn | PacketView.RST | PacketView.ACK)) == syn);
    }

    static Entry management(AddressSet management) {
        return new Entry.BuiltinEntry(Builtin.MANAGEMENT,
                "from ipset 'management' (includes local_network) to tcp 8006, 5900:5999, 3128, 22, 60000:60050",
                p -> p.proto == TCP && management.contains(p.source) && (p.dport == 8006 || p.dport == 3128
                        || p.dport == 22 || (p.dport >= 5900 && p.dport <= 5999) || (p.dport >= 60000 && p.dport <= 60050)),
                Action.ACCEPT, null, null);
    }

    static Entry localNetwork(AddressSet localNetwork, String text) {
        return new Entry.BuiltinEntry(Builtin.LOCAL_NETWORK, "to local_network " + text + " tcp 8006, 22, 5900:5999, 3128",
                p -> p.proto == TCP && localNetwork.contains(p.dest) && (p.dport == 8006 || p.dport == 22
                        || p.dport == 3128 || (p.dport >= 5900 && p.dport <= 5999)),
                Action.ACCEPT, null, null);
    }

    static Entry corosyncMulticast() {
        return new Entry.BuiltinEntry(Builtin.COROSYNC, "corosync multicast (udp 5404:5405, transport udp)",
                p -> p.proto == UDP && p.destType == AddressType.MULTICAST && p.dport >= 5404 && p.dport <= 5405,
                Action.ACCEPT, null, null);
    }

    /** One ring between this node and another: inbound {@code -s node -d local}, outbound the reverse. */
    static Entry corosyncRing(IpAddress local, IpAddress other, String otherName, boolean in) {
        String d = "corosync udp 5404:5405 " + (in ? "from " + otherName + " " + other + " to " + local
                : "to " + otherName + " " + other + " from " + local);
        return new Entry.BuiltinEntry(Builtin.COROSYNC, d, p -> p.proto == UDP && p.dport >= 5404 && p.dport <= 5405
                && (in ? p.source.equals(other) && p.dest.equals(local) : p.source.equals(local) && p.dest.equals(other)),
                Action.ACCEPT, null, null);
    }

    /** What {@code PVEFW-Drop} (or {@code PVEFW-Reject}) removes before a policy's log rule: never logged. */
    static List<Entry> policyNoise(boolean reject) {
        Action smb = reject ? Action.REJECT : Action.DROP;
        String chain = reject ? "PVEFW-Reject" : "PVEFW-Drop";
        List<Entry> out = new ArrayList<>();
        out.add(noise("tcp/43 (auth) is rejected (" + chain + ")", p -> p.proto == TCP && p.dport == 43,
                Action.REJECT));
        out.add(noise("broadcast, multicast or anycast destination (PVEFW-DropBroadcast)", p -> p.family == 4
                ? p.destType != AddressType.UNICAST || MULTICAST_V4.contains(p.dest) : MULTICAST_V6.contains(p.dest),
                Action.DROP));
        out.add(new Entry.BuiltinEntry(Builtin.CRITICAL_ICMP,
                "critical ICMP accepted (" + chain + "): fragmentation-needed, time-exceeded; v6 also "
                        + "destination-unreachable, packet-too-big",
                p -> p.family == 4 ? p.proto == ICMP && ((p.icmpType == 3 && p.icmpCode == 4) || p.icmpType == 11)
                        : p.proto == ICMPV6 && (p.icmpType == 1 || p.icmpType == 2 || p.icmpType == 3),
                Action.ACCEPT, null, null));
        out.add(noise("Microsoft SMB noise (udp 135,445,137:139, udp 137->1024:65535, tcp 135,139,445)",
                p -> (p.proto == UDP && (p.dport == 135 || p.dport == 445 || (p.dport >= 137 && p.dport <= 139)
                        || (p.sport == 137 && p.dport >= 1024)))
                        || (p.proto == TCP && (p.dport == 135 || p.dport == 139 || p.dport == 445)), smb));
        out.add(noise("UPnP (udp 1900)", p -> p.proto == UDP && p.dport == 1900, Action.DROP));
        out.add(noise("TCP packet that is not a new connection's SYN",
                p -> p.proto == TCP && (p.tcpFlags & (PacketView.FIN | PacketView.SYN | PacketView.RST | PacketView.ACK))
                        != PacketView.SYN, Action.DROP));
        out.add(noise("DNS reply (udp source port 53)", p -> p.proto == UDP && p.sport == 53, Action.DROP));
        return out;
    }

    private static Entry noise(String description, Entry.Condition condition, Action action) {
        return new Entry.BuiltinEntry(Builtin.POLICY_NOISE, description, condition, action, null, null);
    }

    static Entry ipfilter(AddressSet allowed, String setName) {
        return new Entry.BuiltinEntry(Builtin.IPFILTER, "source not in ipset '" + setName + "' (ipfilter)",
                p -> !allowed.contains(p.source), Action.DROP, null, null);
    }

    static Entry routerAdvertisementDrop() {
        return new Entry.BuiltinEntry(Builtin.ROUTER_ADVERTISEMENT, "IPv6 router advertisement from a guest without radv: 1",
                p -> p.family == 6 && p.proto == ICMPV6 && p.icmpType == 134, Action.DROP, null, null);
    }
}
