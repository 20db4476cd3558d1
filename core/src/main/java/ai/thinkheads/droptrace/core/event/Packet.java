package ai.thinkheads.droptrace.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The packet fields of a firewall log line, in the meaning pvefw-logger and the kernel LOG target
 * give them. Every field is optional: a line carries only what its protocol and direction have.
 *
 * <p>{@code length} is always the IP length (IPv4 total length, IPv6 payload length, as
 * pvefw-logger writes it: the kernel's and ulogd's IPv6 {@code LEN=}, which counts the 40-byte
 * header, has it taken off); the UDP length is {@code udpLength}. {@code ipId} is the IPv4
 * identification (or the IPv6 fragment id); the ICMP echo id is {@code icmpId}. These keys repeat
 * in a line and are kept apart here.
 *
 * @param protocol upper-case protocol name as logged ({@code TCP}, {@code UDP}, {@code ICMP},
 *     {@code ICMPV6}, {@code SCTP}, ...) or the protocol number as text ({@code 47})
 * @param tcpFlags the flag words in logged order ({@code SYN}, {@code ACK}, ...)
 * @param fragmentOffset the fragment offset as the logger wrote it: IPv4's in 8-byte units (the header's
 *     field); the kernel's IPv6 {@code FRAG:} in bytes
 * @param ipFlags the fragment flags ({@code DF}, {@code MF}; the kernel's IPv6 {@code INCOMPLETE} is {@code MF})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Packet(
        String inInterface,
        String outInterface,
        String physIn,
        String physOut,
        String macDestination,
        String macSource,
        String etherType,
        String source,
        String destination,
        Integer ipVersion,
        Integer length,
        String tos,
        String precedence,
        Integer ttl,
        Long ipId,
        Integer fragmentOffset,
        List<String> ipFlags,
        Integer trafficClass,
        Long flowLabel,
        Integer hopLimit,
        String protocol,
        Integer sourcePort,
        Integer destinationPort,
        Long tcpSequence,
        Long tcpAck,
        Integer tcpWindow,
        List<String> tcpFlags,
        Integer urgentPointer,
        Integer udpLength,
        Integer icmpType,
        Integer icmpCode,
        Long icmpId,
        Long icmpSequence,
        Long mark,
        String invalid) {

    public Packet {
        ipFlags = ipFlags == null ? null : List.copyOf(ipFlags);
        tcpFlags = tcpFlags == null ? null : List.copyOf(tcpFlags);
    }

    /** Lower-case protocol name for keys ({@code tcp}, {@code udp}, {@code icmp}, {@code 47}). */
    public String protocolKey() {
        return protocol == null ? "unknown" : protocol.toLowerCase(java.util.Locale.ROOT);
    }

    public boolean hasTcpFlag(String flag) {
        return tcpFlags != null && tcpFlags.contains(flag);
    }
}
