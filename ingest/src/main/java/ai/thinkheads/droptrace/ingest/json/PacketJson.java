package ai.thinkheads.droptrace.ingest.json;

import ai.thinkheads.droptrace.core.event.Packet;
import java.util.List;

/** The {@code packet} object of an event's JSON: the fields that are set, in the record's order. */
final class PacketJson {

    private PacketJson() {
    }

    static void append(JsonBytes out, Packet p) {
        out.ascii('{');
        int start = out.size();
        string(out, start, IN_INTERFACE, p.inInterface());
        string(out, start, OUT_INTERFACE, p.outInterface());
        string(out, start, PHYS_IN, p.physIn());
        string(out, start, PHYS_OUT, p.physOut());
        string(out, start, MAC_DESTINATION, p.macDestination());
        string(out, start, MAC_SOURCE, p.macSource());
        string(out, start, ETHER_TYPE, p.etherType());
        string(out, start, SOURCE, p.source());
        string(out, start, DESTINATION, p.destination());
        number(out, start, IP_VERSION, p.ipVersion());
        number(out, start, LENGTH, p.length());
        string(out, start, TOS, p.tos());
        string(out, start, PRECEDENCE, p.precedence());
        number(out, start, TTL, p.ttl());
        number(out, start, IP_ID, p.ipId());
        number(out, start, FRAGMENT_OFFSET, p.fragmentOffset());
        list(out, start, IP_FLAGS, p.ipFlags());
        number(out, start, TRAFFIC_CLASS, p.trafficClass());
        number(out, start, FLOW_LABEL, p.flowLabel());
        number(out, start, HOP_LIMIT, p.hopLimit());
        string(out, start, PROTOCOL, p.protocol());
        number(out, start, SOURCE_PORT, p.sourcePort());
        number(out, start, DESTINATION_PORT, p.destinationPort());
        number(out, start, TCP_SEQUENCE, p.tcpSequence());
        number(out, start, TCP_ACK, p.tcpAck());
        number(out, start, TCP_WINDOW, p.tcpWindow());
        list(out, start, TCP_FLAGS, p.tcpFlags());
        number(out, start, URGENT_POINTER, p.urgentPointer());
        number(out, start, UDP_LENGTH, p.udpLength());
        number(out, start, ICMP_TYPE, p.icmpType());
        number(out, start, ICMP_CODE, p.icmpCode());
        number(out, start, ICMP_ID, p.icmpId());
        number(out, start, ICMP_SEQUENCE, p.icmpSequence());
        number(out, start, MARK, p.mark());
        string(out, start, INVALID, p.invalid());
        out.ascii('}');
    }

    private static void name(JsonBytes out, int start, byte[] name) {
        if (out.size() > start) {
            out.ascii(',');
        }
        out.raw(name);
    }

    private static void string(JsonBytes out, int start, byte[] name, String value) {
        if (value != null) {
            name(out, start, name);
            out.string(value);
        }
    }

    private static void number(JsonBytes out, int start, byte[] name, Integer value) {
        if (value != null) {
            name(out, start, name);
            out.number(value.intValue());
        }
    }

    private static void number(JsonBytes out, int start, byte[] name, Long value) {
        if (value != null) {
            name(out, start, name);
            out.number(value.longValue());
        }
    }

    private static void list(JsonBytes out, int start, byte[] name, List<String> values) {
        if (values != null) {
            name(out, start, name);
            out.ascii('[');
            for (int k = 0; k < values.size(); k++) {
                if (k > 0) {
                    out.ascii(',');
                }
                out.string(values.get(k));
            }
            out.ascii(']');
        }
    }

    private static final byte[] IN_INTERFACE = name("inInterface");
    private static final byte[] OUT_INTERFACE = name("outInterface");
    private static final byte[] PHYS_IN = name("physIn");
    private static final byte[] PHYS_OUT = name("physOut");
    private static final byte[] MAC_DESTINATION = name("macDestination");
    private static final byte[] MAC_SOURCE = name("macSource");
    private static final byte[] ETHER_TYPE = name("etherType");
    private static final byte[] SOURCE = name("source");
    private static final byte[] DESTINATION = name("destination");
    private static final byte[] IP_VERSION = name("ipVersion");
    private static final byte[] LENGTH = name("length");
    private static final byte[] TOS = name("tos");
    private static final byte[] PRECEDENCE = name("precedence");
    private static final byte[] TTL = name("ttl");
    private static final byte[] IP_ID = name("ipId");
    private static final byte[] FRAGMENT_OFFSET = name("fragmentOffset");
    private static final byte[] IP_FLAGS = name("ipFlags");
    private static final byte[] TRAFFIC_CLASS = name("trafficClass");
    private static final byte[] FLOW_LABEL = name("flowLabel");
    private static final byte[] HOP_LIMIT = name("hopLimit");
    private static final byte[] PROTOCOL = name("protocol");
    private static final byte[] SOURCE_PORT = name("sourcePort");
    private static final byte[] DESTINATION_PORT = name("destinationPort");
    private static final byte[] TCP_SEQUENCE = name("tcpSequence");
    private static final byte[] TCP_ACK = name("tcpAck");
    private static final byte[] TCP_WINDOW = name("tcpWindow");
    private static final byte[] TCP_FLAGS = name("tcpFlags");
    private static final byte[] URGENT_POINTER = name("urgentPointer");
    private static final byte[] UDP_LENGTH = name("udpLength");
    private static final byte[] ICMP_TYPE = name("icmpType");
    private static final byte[] ICMP_CODE = name("icmpCode");
    private static final byte[] ICMP_ID = name("icmpId");
    private static final byte[] ICMP_SEQUENCE = name("icmpSequence");
    private static final byte[] MARK = name("mark");
    private static final byte[] INVALID = name("invalid");

    private static byte[] name(String name) {
        return FirewallEventJson.ascii("\"" + name + "\":");
    }
}
