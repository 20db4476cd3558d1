package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.streams.state.BinaryIn;
import ai.thinkheads.droptrace.streams.state.BinaryOut;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of a {@link FirewallEvent} on the topology's own {@code events-by-pair}
 * repartition topic: events are read from their JSON once, before the repartition, and carried on
 * in a form about half the size that reads back without a JSON parser. Every field of the event is
 * kept, so what comes out is equal to what went in. Layout ({@link BinaryOut}): a version byte (1),
 * the event's fields in record order, the packet's fields in record order, the origin. A value that
 * starts with '{' is the JSON form earlier versions of the topology repartitioned, read as such.
 */
final class EventBinarySerde implements Serde<FirewallEvent> {

    private static final byte VERSION = 1;

    private final Serde<FirewallEvent> json = Topics.FIREWALL_EVENTS.valueSerde();

    @Override
    public Serializer<FirewallEvent> serializer() {
        return (topic, event) -> event == null ? null : write(event);
    }

    @Override
    public Deserializer<FirewallEvent> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            return bytes.length > 0 && bytes[0] == '{' ? json.deserializer().deserialize(topic, bytes) : read(bytes);
        };
    }

    static byte[] write(FirewallEvent e) {
        BinaryOut out = new BinaryOut(256 + (e.line() == null ? 0 : e.line().length()));
        out.writeByte(VERSION).writeInt(e.schema()).writeInstant(e.time()).writeString(e.zoneOffset())
                .writeString(e.host()).writeInt(e.vmid()).writeInt(e.level()).writeString(e.chain())
                .writeString(e.action() == null ? null : e.action().name()).writeBoolean(e.policy())
                .writeString(e.message()).writeString(e.backend() == null ? null : e.backend().name());
        Packet p = e.packet();
        out.writeString(p.inInterface()).writeString(p.outInterface()).writeString(p.physIn())
                .writeString(p.physOut()).writeString(p.macDestination()).writeString(p.macSource())
                .writeString(p.etherType()).writeString(p.source()).writeString(p.destination())
                .writeNullableInt(p.ipVersion()).writeNullableInt(p.length()).writeString(p.tos())
                .writeString(p.precedence()).writeNullableInt(p.ttl()).writeNullableLong(p.ipId())
                .writeNullableInt(p.fragmentOffset()).writeStrings(p.ipFlags()).writeNullableInt(p.trafficClass())
                .writeNullableLong(p.flowLabel()).writeNullableInt(p.hopLimit()).writeString(p.protocol())
                .writeNullableInt(p.sourcePort()).writeNullableInt(p.destinationPort())
                .writeNullableLong(p.tcpSequence()).writeNullableLong(p.tcpAck()).writeNullableInt(p.tcpWindow())
                .writeStrings(p.tcpFlags()).writeNullableInt(p.urgentPointer()).writeNullableInt(p.udpLength())
                .writeNullableInt(p.icmpType()).writeNullableInt(p.icmpCode()).writeNullableLong(p.icmpId())
                .writeNullableLong(p.icmpSequence()).writeNullableLong(p.mark()).writeString(p.invalid());
        out.writeString(e.line());
        Origin origin = e.origin();
        out.writeBoolean(origin != null);
        if (origin != null) {
            out.writeString(origin.source()).writeLong(origin.position());
        }
        return out.toByteArray();
    }

    static FirewallEvent read(byte[] bytes) {
        try {
            BinaryIn in = new BinaryIn(bytes);
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("binary event version " + version + " is not known to this reader");
            }
            int schema = in.readInt();
            var time = in.readInstant();
            String zoneOffset = in.readString();
            String host = in.readString();
            int vmid = in.readInt();
            int level = in.readInt();
            String chain = in.readString();
            String action = in.readString();
            boolean policy = in.readBoolean();
            String message = in.readString();
            String backend = in.readString();
            Packet packet = new Packet(in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readString(), in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readNullableInt(), in.readNullableInt(), in.readString(), in.readString(), in.readNullableInt(),
                    in.readNullableLong(), in.readNullableInt(), in.readStrings(), in.readNullableInt(),
                    in.readNullableLong(), in.readNullableInt(), in.readString(), in.readNullableInt(),
                    in.readNullableInt(), in.readNullableLong(), in.readNullableLong(), in.readNullableInt(),
                    in.readStrings(), in.readNullableInt(), in.readNullableInt(), in.readNullableInt(),
                    in.readNullableInt(), in.readNullableLong(), in.readNullableLong(), in.readNullableLong(),
                    in.readString());
            String line = in.readString();
            Origin origin = in.readBoolean() ? new Origin(in.readString(), in.readLong()) : null;
            in.end();
            return new FirewallEvent(schema, time, zoneOffset, host, vmid, level, chain,
                    action == null ? null : Action.valueOf(action), policy, message,
                    backend == null ? null : Backend.valueOf(backend), packet, line, origin);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SerializationException("not a binary firewall event: " + e.getMessage(), e);
        }
    }
}
