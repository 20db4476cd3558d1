package ai.thinkheads.droptrace.core.firewall.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A packet to trace: where it comes from and goes to, and its header. Zones and addresses may each
 * be left out: a missing zone is derived from the address (a guest NIC's address, the host's own
 * address, else outside), a missing address from the zone (the guest's NIC address, the host's
 * address, else simulate's defaults 100.100.1.2 and 100.200.3.4). The result says which it assumed.
 *
 * @param protocol {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, any {@code /etc/protocols}
 *     name or a number; default {@code tcp}
 * @param icmpType for ICMP: the type number (default echo-request)
 * @param tcpFlags for TCP: the flags set ({@code SYN}, {@code ACK}, ...); default a new connection's {@code SYN}
 * @param sourceType the source address type; default derived from the address
 * @param destType the destination address type; default derived ({@code 224.0.0.0/4} is multicast, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceRequest(
        Zone from,
        Zone to,
        String source,
        String dest,
        String protocol,
        Integer dport,
        Integer sport,
        Integer icmpType,
        Integer icmpCode,
        List<String> tcpFlags,
        AddressType sourceType,
        AddressType destType) {

    public TraceRequest {
        tcpFlags = tcpFlags == null ? null : List.copyOf(tcpFlags);
    }

    /** A packet between two zones. */
    public static TraceRequest between(Zone from, Zone to, String protocol, Integer dport) {
        return new TraceRequest(from, to, null, null, protocol, dport, null, null, null, null, null, null);
    }

    /** A packet between two addresses; the zones are derived from the inventory (what a probe knows). */
    public static TraceRequest flow(String source, String dest, String protocol, Integer dport) {
        return new TraceRequest(null, null, source, dest, protocol, dport, null, null, null, null, null, null);
    }

    public TraceRequest withAddresses(String newSource, String newDest) {
        return new TraceRequest(from, to, newSource, newDest, protocol, dport, sport, icmpType, icmpCode, tcpFlags,
                sourceType, destType);
    }

    public TraceRequest withZones(Zone newFrom, Zone newTo) {
        return new TraceRequest(newFrom, newTo, source, dest, protocol, dport, sport, icmpType, icmpCode, tcpFlags,
                sourceType, destType);
    }

    public TraceRequest withIcmp(Integer type, Integer code) {
        return new TraceRequest(from, to, source, dest, protocol, dport, sport, type, code, tcpFlags, sourceType,
                destType);
    }

    public TraceRequest withSport(Integer newSport) {
        return new TraceRequest(from, to, source, dest, protocol, dport, newSport, icmpType, icmpCode, tcpFlags,
                sourceType, destType);
    }

    public TraceRequest withTcpFlags(List<String> flags) {
        return new TraceRequest(from, to, source, dest, protocol, dport, sport, icmpType, icmpCode, flags, sourceType,
                destType);
    }

    public TraceRequest withAddressTypes(AddressType newSourceType, AddressType newDestType) {
        return new TraceRequest(from, to, source, dest, protocol, dport, sport, icmpType, icmpCode, tcpFlags,
                newSourceType, newDestType);
    }
}
