package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import ai.thinkheads.droptrace.core.firewall.trace.AddressType;
import ai.thinkheads.droptrace.core.firewall.trace.InvalidTraceRequestException;
import ai.thinkheads.droptrace.core.firewall.trace.ResolvedPacket;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Fills in a {@link TraceRequest}: zones from addresses, addresses from zones, protocol defaults. */
final class RequestResolver {

    private static final Set<String> TCP_FLAGS = Set.of("FIN", "SYN", "RST", "PSH", "ACK", "URG", "CWR", "ECE");

    /**
     * The request resolved: both ends, the packet to match, and what it says about itself; {@code anySource} and
     * {@code anyDest} when that address is simulate's made-up one, which no rule a user adds should name.
     */
    record Resolved(Endpoint from, Endpoint to, PacketView packet, ResolvedPacket description, boolean anySource,
            boolean anyDest) {
    }

    static final String SIMULATE_SOURCE = "100.100.1.2";
    static final String SIMULATE_DEST = "100.200.3.4";
    static final String DEFAULT_SOURCE_V6 = "2001:db8:ffff::2";
    static final String DEFAULT_DEST_V6 = "2001:db8:ffff::3";

    private final CompiledFirewall fw;
    private final ZoneResolver zones;

    RequestResolver(CompiledFirewall fw) {
        this.fw = fw;
        this.zones = new ZoneResolver(fw);
    }

    private static void sameVersion(IpAddress src, IpAddress dst) {
        if (src.version() != dst.version()) {
            throw new InvalidTraceRequestException("source " + src + " and destination " + dst
                    + " are of different IP versions");
        }
    }

    Resolved resolve(TraceRequest req) {
        List<String> assumed = new ArrayList<>();
        String protoText = req.protocol() == null ? "tcp" : req.protocol();
        int proto = Protocols.packetNumber(protoText);
        if (proto < 0) {
            throw new InvalidTraceRequestException("unknown protocol '" + protoText + "'");
        }
        IpAddress src = address(req.source(), "source");
        IpAddress dst = address(req.dest(), "destination");
        if (src != null && dst != null) {
            sameVersion(src, dst); // before the zones: two addresses outside every guest are both "outside"
        }
        Endpoint from = zones.endpoint(req.from(), src, "from", assumed);
        Endpoint to = zones.endpoint(req.to(), dst, "to", assumed);
        if (from.sameAs(to)) {
            throw new InvalidTraceRequestException("from and to must differ (both are " + from.zone() + ")");
        }
        // icmp exists in IPv4 only and icmpv6 in IPv6 only: the defaults follow the protocol
        int family = src != null ? src.version() : dst != null ? dst.version()
                : proto == Protocols.ICMP ? 4 : proto == Protocols.ICMPV6 ? 6 : 0;
        int known = assumed.size();
        if (src == null) {
            src = defaultAddress(from, family, true, assumed);
        }
        boolean anySource = assumed.size() > known;
        known = assumed.size();
        if (dst == null) {
            dst = defaultAddress(to, src.version(), false, assumed);
        }
        boolean anyDest = assumed.size() > known;
        sameVersion(src, dst);
        Integer icmpType = req.icmpType();
        Integer icmpCode = req.icmpCode();
        if ((proto == Protocols.ICMP || proto == Protocols.ICMPV6) && icmpType == null) {
            icmpType = proto == Protocols.ICMP ? 8 : 128;
            assumed.add("ICMP type echo-request (ping)");
        }
        boolean ports = Protocols.hasPorts(proto);
        Integer dport = ports ? req.dport() : null;
        Integer sport = ports ? req.sport() : null;
        if (ports && dport == null) {
            // simulate's packet without a port: the answer (and a fix for every port) is not about any service
            assumed.add("no destination port: rules with -dport (and macros with ports) do not match this packet; "
                    + "give the port to trace the service");
        }
        List<String> flags = null;
        int flagMask = 0;
        if (proto == Protocols.TCP) {
            flags = req.tcpFlags() == null ? List.of("SYN") : tcpFlags(req.tcpFlags());
            flagMask = PacketView.flags(flags);
        }
        AddressType srcType = req.sourceType() != null ? req.sourceType() : addressType(src);
        AddressType dstType = req.destType() != null ? req.destType() : addressType(dst);
        boolean icmp = proto == Protocols.ICMP || proto == Protocols.ICMPV6;
        PacketView p = new PacketView(src, dst, proto, dport == null ? -1 : dport, sport == null ? -1 : sport,
                icmp && icmpType != null ? icmpType : -1, icmp && icmpCode != null ? icmpCode : -1, flagMask, srcType,
                dstType);
        ResolvedPacket description = new ResolvedPacket(from.zone(), to.zone(), src.toString(), dst.toString(),
                Protocols.name(proto), dport, sport, icmp ? icmpType : null, icmp ? icmpCode : null, flags, assumed);
        return new Resolved(from, to, p, description, anySource, anyDest);
    }

    /**
     * The flags named, upper case; an unknown word is refused rather than dropped, because a packet
     * without flags is exactly what the tcpflags filter drops ('SYN ACK' is not 'SYN,ACK').
     */
    private static List<String> tcpFlags(List<String> words) {
        List<String> flags = new ArrayList<>();
        for (String word : words) {
            String flag = word.strip().toUpperCase(Locale.ROOT);
            if (flag.equals("NONE")) {
                continue;
            }
            if (!TCP_FLAGS.contains(flag)) {
                throw new InvalidTraceRequestException("unknown TCP flag '" + word + "': give SYN, ACK, FIN, RST, PSH, "
                        + "URG, CWR or ECE, comma-separated, or NONE for a packet without flags");
            }
            flags.add(flag);
        }
        return flags;
    }

    private static IpAddress address(String text, String what) {
        if (text == null) {
            return null;
        }
        IpAddress ip = IpAddress.parse(text);
        if (ip == null) {
            throw new InvalidTraceRequestException(what + " '" + text + "' is not an IP address");
        }
        return ip;
    }

    private IpAddress defaultAddress(Endpoint e, int family, boolean source, List<String> assumed) {
        String role = source ? "source" : "destination";
        List<IpAddress> candidates = new ArrayList<>();
        if (e.kind() == Endpoint.Kind.GUEST) {
            e.nic().addresses().stream().map(IpAddress::parse).filter(a -> a != null).forEach(candidates::add);
        } else if (e.kind() == Endpoint.Kind.HOST) {
            candidates.addAll(fw.hostAddresses());
        }
        for (IpAddress a : candidates) {
            if (family == 0 || a.version() == family) {
                return a;
            }
        }
        String fallback = family == 6 ? (source ? DEFAULT_SOURCE_V6 : DEFAULT_DEST_V6) : (source ? SIMULATE_SOURCE : SIMULATE_DEST);
        String why = e.kind() == Endpoint.Kind.GUEST ? "no known IPv" + (family == 6 ? 6 : 4) + " address of " + e.zone()
                : e.kind() == Endpoint.Kind.HOST ? "no known host address" : e.zone();
        assumed.add(role + " " + fallback + " (" + why + "; as pve-firewall simulate does, give --"
                + (source ? "source" : "dest") + " to choose)");
        return IpAddress.parse(fallback);
    }

    /** Broadcast for 255.255.255.255 and the local network's broadcast address; multicast for 224.0.0.0/4 and ff00::/8. */
    private AddressType addressType(IpAddress a) {
        if (a.version() == 4) {
            long v = a.lo() & 0xffff_ffffL;
            if (v == 0xffff_ffffL) {
                return AddressType.BROADCAST;
            }
            if ((v >>> 28) == 0xe) {
                return AddressType.MULTICAST;
            }
            if (fw.localNetworkSet().rangeCount() == 1 && fw.localNetworkSet().range(0).end().equals(a)
                    && !fw.localNetworkSet().range(0).start().equals(a)) {
                return AddressType.BROADCAST;
            }
            return AddressType.UNICAST;
        }
        return (a.hi() >>> 56) == 0xff ? AddressType.MULTICAST : AddressType.UNICAST;
    }

    static String zoneText(GuestType type, int vmid, Nic nic) {
        return (type == GuestType.LXC ? "ct" : "vm") + vmid + (nic.index() == 0 ? "" : "i" + nic.index());
    }
}
