package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.json.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of {@link EventDigest} for the {@code pair-recent-events} store, written
 * once for every event (JSON was a tenth of the correlator's time, see docs/benchmarks.md). Stores
 * only. Layout ({@link BinaryOut}): a version byte (1), time, action name, policy, vmid, chain,
 * message, protocol, source port, destination port, in and out interfaces, rule, line. A value that
 * starts with '{' is the JSON form earlier versions stored, and is read as such.
 */
public final class EventDigestSerde implements Serde<EventDigest> {

    private static final byte VERSION = 1;
    private static final JsonSerde<EventDigest> JSON = new JsonSerde<>(EventDigest.class);

    @Override
    public Serializer<EventDigest> serializer() {
        return (topic, digest) -> digest == null ? null : write(digest);
    }

    @Override
    public Deserializer<EventDigest> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
    }

    static byte[] write(EventDigest d) {
        int lineLength = d.line() == null ? 0 : d.line().length();
        return new BinaryOut(96 + lineLength).writeByte(VERSION).writeInstant(d.time())
                .writeString(d.action() == null ? null : d.action().name()).writeBoolean(d.policy())
                .writeInt(d.vmid()).writeString(d.chain()).writeString(d.message()).writeString(d.protocol())
                .writeNullableInt(d.sourcePort()).writeNullableInt(d.destinationPort())
                .writeString(d.inInterface()).writeString(d.outInterface()).writeString(d.rule())
                .writeString(d.line()).toByteArray();
    }

    static EventDigest read(String topic, byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return JSON.deserializer().deserialize(topic, bytes);
        }
        try {
            BinaryIn in = new BinaryIn(bytes);
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("event digest version " + version + " is not known to this reader");
            }
            var time = in.readInstant();
            String action = in.readString();
            EventDigest digest = new EventDigest(time, action == null ? null : Action.valueOf(action),
                    in.readBoolean(), in.readInt(), in.readString(), in.readString(), in.readString(),
                    in.readNullableInt(), in.readNullableInt(), in.readString(), in.readString(), in.readString(),
                    in.readString());
            in.end();
            return digest;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SerializationException("not an event digest: " + e.getMessage(), e);
        }
    }
}
