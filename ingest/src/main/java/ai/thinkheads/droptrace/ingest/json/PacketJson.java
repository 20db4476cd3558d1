package ai.thinkheads.droptrace.ingest.json;

import ai.thinkheads.droptrace.core.event.Packet;
import java.util.List;

/** The {@code packet} object of an event's JSON: the fields that are set, in the record's order. */
final class PacketJson {

    private PacketJson() {
    }

    private static final RepeatedText TOS_TEXT = new RepeatedText();
    private static final RepeatedText PRECEDENCE_TEXT = new RepeatedText();
    private static final RepeatedText ETHER_TYPE_TEXT = new RepeatedText();
    private static final RepeatedText PROTOCOL_TEXT = new RepeatedText();

    /**
     * Appends the packet's JSON object.
     *
     * @param plain every string of the packet is known to be plain ({@link PlainText}): they are then
     *     copied without looking at their characters (true when the packet was parsed from a plain line,
     *     as each of its strings is a piece of that line or a constant)
     */
    static void append(JsonBytes out, Packet p, boolean plain) {
        int start = out.size();
        out.field(IN_INTERFACE, p.inInterface(), plain);
        out.field(OUT_INTERFACE, p.outInterface(), plain);
        out.field(PHYS_IN, p.physIn(), plain);
        out.field(PHYS_OUT, p.physOut(), plain);
        out.field(MAC_DESTINATION, p.macDestination(), plain);
        out.field(MAC_SOURCE, p.macSource(), plain);
        repeated(out, ETHER_TYPE, ETHER_TYPE_TEXT, p.etherType());
        out.field(SOURCE, p.source(), plain);
        out.field(DESTINATION, p.destination(), plain);
        number(out, IP_VERSION, p.ipVersion());
        number(out, LENGTH, p.length());
        repeated(out, TOS, TOS_TEXT, p.tos());
        repeated(out, PRECEDENCE, PRECEDENCE_TEXT, p.precedence());
        number(out, TTL, p.ttl());
        number(out, IP_ID, p.ipId());
        number(out, FRAGMENT_OFFSET, p.fragmentOffset());
        list(out, IP_FLAGS, p.ipFlags());
        number(out, TRAFFIC_CLASS, p.trafficClass());
        number(out, FLOW_LABEL, p.flowLabel());
        number(out, HOP_LIMIT, p.hopLimit());
        repeated(out, PROTOCOL, PROTOCOL_TEXT, p.protocol());
        number(out, SOURCE_PORT, p.sourcePort());
        number(out, DESTINATION_PORT, p.destinationPort());
        number(out, TCP_SEQUENCE, p.tcpSequence());
        number(out, TCP_ACK, p.tcpAck());
        number(out, TCP_WINDOW, p.tcpWindow());
        list(out, TCP_FLAGS, p.tcpFlags());
        number(out, URGENT_POINTER, p.urgentPointer());
        number(out, UDP_LENGTH, p.udpLength());
        number(out, ICMP_TYPE, p.icmpType());
        number(out, ICMP_CODE, p.icmpCode());
        number(out, ICMP_ID, p.icmpId());
        number(out, ICMP_SEQUENCE, p.icmpSequence());
        number(out, MARK, p.mark());
        out.field(INVALID, p.invalid(), plain);
        if (out.size() == start) {
            out.ascii('{');
        } else {
            out.set(start, '{'); // every name starts with a comma: the first one opens the object
        }
        out.ascii('}');
    }

    private static void repeated(JsonBytes out, byte[] name, RepeatedText cache, String value) {
        if (value != null) {
            out.raw(name);
            cache.write(out, value);
        }
    }

    private static void number(JsonBytes out, byte[] name, Integer value) {
        if (value != null) {
            out.raw(name);
            out.number(value.intValue());
        }
    }

    private static void number(JsonBytes out, byte[] name, Long value) {
        if (value != null) {
            out.raw(name);
            out.number(value.longValue());
        }
    }

    private static void list(JsonBytes out, byte[] name, List<String> values) {
        if (values != null) {
            out.raw(name);
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
        return FirewallEventJson.ascii(",\"" + name + "\":");
    }
}
