package ai.thinkheads.droptrace.cli.correlate;

import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.ingest.packet.IpAddressText;
import ai.thinkheads.droptrace.streams.query.PairAddress;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a flow written {@code SOURCE,DESTINATION,PROTOCOL,PORT} ({@code 10.0.0.153,10.0.0.12,tcp,8443}). */
public final class FlowConverter implements ITypeConverter<FlowKey> {

    /** The protocols whose log lines have a destination port (the flow's port). */
    private static final Set<String> WITH_PORTS = Set.of("tcp", "udp", "udplite", "sctp");
    /** The protocols the log names that have no ports (their flows have port 0); any other is written as its number. */
    private static final Set<String> WITHOUT_PORTS = Set.of("icmp", "icmpv6", "esp", "ah", "igmp", "gre", "arp");
    /** Protocol numbers the log always writes by name. */
    private static final Map<String, String> NAMED = Map.of("1", "icmp", "2", "igmp", "6", "tcp", "17", "udp",
            "58", "icmpv6", "132", "sctp", "136", "udplite");

    @Override
    public FlowKey convert(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw invalid(text);
        }
        String source = address(parts[0].trim());
        String destination = address(parts[1].trim());
        if (ipv6(source) != ipv6(destination)) {
            // no packet has one of each: a flow of them is never logged, and its critical alert would never come
            throw new TypeConversionException("'" + Terminal.visible(text) + "': " + family(source) + " and "
                    + family(destination) + ": no packet has an address of each IP version; write two IPv4 or two "
                    + "IPv6 addresses");
        }
        FlowKey flow;
        try {
            flow = new FlowKey(source, destination, parts[2].trim(), Integer.parseInt(parts[3].trim()));
        } catch (IllegalArgumentException e) {
            throw invalid(text);
        }
        return loggable(text, flow);
    }

    /**
     * The flow when a log line can have it, else why not: it is compared with the flows of log lines, so a protocol the
     * log never names ({@code tpc}, {@code http}), a port on a protocol without ports or none on one with them would
     * never match a line, and its critical alert would never come.
     */
    private static FlowKey loggable(String text, FlowKey flow) {
        String protocol = NAMED.getOrDefault(flow.protocol(), flow.protocol());
        if (WITH_PORTS.contains(protocol)) {
            if (flow.port() == 0) {
                throw new TypeConversionException("'" + Terminal.visible(text) + "': a " + protocol + " flow needs its "
                        + "destination port, 1-65535, like 10.0.0.153,10.0.0.12," + protocol + ",8443");
            }
        } else if (!WITHOUT_PORTS.contains(protocol)
                && !(protocol.matches("[0-9]{1,3}") && Integer.parseInt(protocol) <= 255)) {
            throw new TypeConversionException("'" + Terminal.visible(text) + "': the firewall log names no protocol '"
                    + Terminal.visible(flow.protocol()) + "'; write tcp, udp, udplite or sctp with a port, or icmp, "
                    + "icmpv6, esp, ah, igmp, gre or a protocol number 0-255 with port 0");
        } else if (protocol.equals("icmp") && ipv6(flow.source()) || protocol.equals("icmpv6") && !ipv6(flow.source())) {
            // ICMP over IPv6 is PROTO=ICMPv6 in the log, over IPv4 PROTO=ICMP: the other is never logged
            String named = protocol.equals("icmp") ? "icmpv6" : "icmp";
            throw new TypeConversionException("'" + Terminal.visible(text) + "': the log names ICMP between "
                    + (ipv6(flow.source()) ? "IPv6" : "IPv4") + " addresses " + named + "; write " + flow.source() + ","
                    + flow.destination() + "," + named + "," + flow.port());
        } else if (flow.port() != 0) {
            throw new TypeConversionException("'" + Terminal.visible(text) + "': " + protocol + " has no ports, and the "
                    + "log's " + protocol + " lines are flows of port 0; write " + flow.source() + ","
                    + flow.destination() + "," + protocol + ",0");
        }
        return new FlowKey(flow.source(), flow.destination(), protocol, flow.port());
    }

    /** The address as the log writes it (IPv6 compressed, lower case), so the flow can match a log line's. */
    private static String address(String text) {
        String address = IpAddressText.canonical(text);
        if (address == null) {
            throw new TypeConversionException("'" + Terminal.visible(text) + "' is not an IP address; write the flow's "
                    + "addresses as the firewall log writes them, like 10.0.0.153,10.0.0.12,tcp,8443");
        }
        String decimal = PairAddress.withoutLeadingZeros(text);
        if (decimal != null) { // taken as written, a flow never logged: the log writes no leading zeros
            throw new TypeConversionException("'" + Terminal.visible(text) + "' " + PairAddress.leadingZeros(decimal));
        }
        return address;
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a flow; write SOURCE,DESTINATION,PROTOCOL,PORT "
                + "like 10.0.0.153,10.0.0.12,tcp,8443 (port 0 for protocols without ports)");
    }

    private static boolean ipv6(String address) {
        return address.indexOf(':') >= 0;
    }

    /** How an address's version is said; an IPv4-mapped one is IPv6 in a log line, its packets' IPv4 address not. */
    private static String family(String address) {
        if (address.startsWith("::ffff:") && address.indexOf('.') > 0) {
            return address + " is IPv6 (IPv4-mapped: the log writes an IPv4 packet's address as "
                    + address.substring("::ffff:".length()) + ")";
        }
        return address + " is " + (ipv6(address) ? "IPv6" : "IPv4");
    }
}
