package ai.thinkheads.droptrace.ingest.json;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link FirewallEvent} as JSON, character for character what the shared Jackson mapper
 * writes ({@code FirewallEventJsonTest} holds the two against each other on every shape of line),
 * without reflection or per-field dispatch. Serialising was the largest cost of {@code parse},
 * {@code replay} and the receivers; readers keep using Jackson.
 */
public final class FirewallEventJson {

    private FirewallEventJson() {
    }

    public static byte[] bytes(FirewallEvent e) {
        StringBuilder out = new StringBuilder(2048);
        append(out, e);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void append(StringBuilder out, FirewallEvent e) {
        out.append("{\"schema\":").append(e.schema());
        out.append(",\"time\":\"").append(e.time().toString()).append('"');
        string(out, "zoneOffset", e.zoneOffset());
        string(out, "host", e.host());
        out.append(",\"vmid\":").append(e.vmid());
        out.append(",\"level\":").append(e.level());
        string(out, "chain", e.chain());
        if (e.action() != null) {
            out.append(",\"action\":\"").append(e.action().name()).append('"');
        }
        out.append(",\"policy\":").append(e.policy());
        string(out, "message", e.message());
        if (e.backend() != null) {
            out.append(",\"backend\":\"").append(e.backend().name()).append('"');
        }
        out.append(",\"packet\":");
        packet(out, e.packet());
        string(out, "line", e.line());
        if (e.origin() != null) {
            Origin o = e.origin();
            out.append(",\"origin\":{\"source\":");
            JsonText.quote(out, o.source());
            out.append(",\"position\":").append(o.position()).append('}');
        }
        out.append('}');
    }

    private static void packet(StringBuilder out, Packet p) {
        int start = out.length();
        out.append('{');
        string(out, "inInterface", p.inInterface());
        string(out, "outInterface", p.outInterface());
        string(out, "physIn", p.physIn());
        string(out, "physOut", p.physOut());
        string(out, "macDestination", p.macDestination());
        string(out, "macSource", p.macSource());
        string(out, "etherType", p.etherType());
        string(out, "source", p.source());
        string(out, "destination", p.destination());
        number(out, "ipVersion", p.ipVersion());
        number(out, "length", p.length());
        string(out, "tos", p.tos());
        string(out, "precedence", p.precedence());
        number(out, "ttl", p.ttl());
        number(out, "ipId", p.ipId());
        number(out, "fragmentOffset", p.fragmentOffset());
        list(out, "ipFlags", p.ipFlags());
        number(out, "trafficClass", p.trafficClass());
        number(out, "flowLabel", p.flowLabel());
        number(out, "hopLimit", p.hopLimit());
        string(out, "protocol", p.protocol());
        number(out, "sourcePort", p.sourcePort());
        number(out, "destinationPort", p.destinationPort());
        number(out, "tcpSequence", p.tcpSequence());
        number(out, "tcpAck", p.tcpAck());
        number(out, "tcpWindow", p.tcpWindow());
        list(out, "tcpFlags", p.tcpFlags());
        number(out, "urgentPointer", p.urgentPointer());
        number(out, "udpLength", p.udpLength());
        number(out, "icmpType", p.icmpType());
        number(out, "icmpCode", p.icmpCode());
        number(out, "icmpId", p.icmpId());
        number(out, "icmpSequence", p.icmpSequence());
        number(out, "mark", p.mark());
        string(out, "invalid", p.invalid());
        if (out.length() > start + 1) {
            out.deleteCharAt(start + 1); // the comma before the first field
        }
        out.append('}');
    }

    private static void string(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append(",\"").append(name).append("\":");
            JsonText.quote(out, value);
        }
    }

    private static void number(StringBuilder out, String name, Number value) {
        if (value != null) {
            out.append(",\"").append(name).append("\":").append(value.longValue());
        }
    }

    private static void list(StringBuilder out, String name, List<String> values) {
        if (values != null) {
            out.append(",\"").append(name).append("\":[");
            for (int k = 0; k < values.size(); k++) {
                if (k > 0) {
                    out.append(',');
                }
                JsonText.quote(out, values.get(k));
            }
            out.append(']');
        }
    }
}
