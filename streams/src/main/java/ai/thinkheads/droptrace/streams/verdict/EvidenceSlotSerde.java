package ai.thinkheads.droptrace.streams.verdict;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of {@link EvidenceSlot} in the evidence store (never a topic): a version byte
 * (1), drops and rejects as longs, the number of kept events, then each event's JSON as a length
 * and its bytes.
 */
public final class EvidenceSlotSerde implements Serde<EvidenceSlot> {

    private static final byte VERSION = 1;
    private static final int MAX_EVENT_BYTES = 1 << 20;

    @Override
    public Serializer<EvidenceSlot> serializer() {
        return (topic, slot) -> slot == null ? null : write(slot);
    }

    @Override
    public Deserializer<EvidenceSlot> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(EvidenceSlot slot) {
        int size = 1 + 8 + 8 + 4;
        for (byte[] e : slot.events()) {
            size += 4 + e.length;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(slot.drops());
            out.writeLong(slot.rejects());
            out.writeInt(slot.events().size());
            for (byte[] e : slot.events()) {
                out.writeInt(e.length);
                out.write(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an evidence slot", e);
        }
        return bytes.toByteArray();
    }

    static EvidenceSlot read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("evidence slot version " + version + " is not known to this reader");
            }
            long drops = in.readLong();
            long rejects = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > 16) {
                throw new SerializationException("evidence slot of " + count + " events is not plausible");
            }
            List<byte[]> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = in.readInt();
                if (length < 0 || length > MAX_EVENT_BYTES) {
                    throw new SerializationException("evidence event of " + length + " bytes is not plausible");
                }
                byte[] event = new byte[length];
                in.readFully(event);
                events.add(event);
            }
            return new EvidenceSlot(drops, rejects, events);
        } catch (IOException e) {
            throw new SerializationException("not an evidence slot: " + e.getMessage(), e);
        }
    }
}
