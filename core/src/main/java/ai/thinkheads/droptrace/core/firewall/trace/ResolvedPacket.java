package ai.thinkheads.droptrace.core.firewall.trace;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The packet as traced, every default filled in.
 *
 * @param protocol the protocol name ({@code tcp}, {@code icmp}, {@code 47})
 * @param assumed what was not given and had to be assumed, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolvedPacket(
        String from,
        String to,
        String source,
        String dest,
        String protocol,
        Integer dport,
        Integer sport,
        Integer icmpType,
        Integer icmpCode,
        List<String> tcpFlags,
        List<String> assumed) {

    public ResolvedPacket {
        tcpFlags = tcpFlags == null ? null : List.copyOf(tcpFlags);
        assumed = assumed == null ? List.of() : List.copyOf(assumed);
    }

    /** {@code tcp 10.0.0.153 -> 10.0.0.12:8443 (ct101 -> ct102)}; an IPv6 address with a port in brackets. */
    public String describe() {
        String icmp = icmpType == null ? "" : " type " + icmpType + (icmpCode == null ? "" : "/" + icmpCode);
        return protocol + icmp + " " + IpAddress.withPort(source, sport) + " -> " + IpAddress.withPort(dest, dport)
                + " (" + from + " -> " + to + ")";
    }
}
