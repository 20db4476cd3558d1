package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.Action;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of {@link Evidence} in the evidence store (never a topic): a version byte (1),
 * drops and rejects as longs, the number of lines, then each line as its time (epoch millis), its
 * action (0 drop, 1 reject) and its UTF-8 bytes with their length.
 */
public final class EvidenceSerde implements Serde<Evidence> {

    private static final byte VERSION = 1;
    private static final int MAX_LINE_BYTES = 1 << 16;

    @Override
    public Serializer<Evidence> serializer() {
        return (topic, evidence) -> evidence == null ? null : write(evidence);
    }

    @Override
    public Deserializer<Evidence> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(Evidence evidence) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 320 * evidence.lines().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(evidence.drops());
            out.writeLong(evidence.rejects());
            out.writeInt(evidence.lines().size());
            for (LoggedLine l : evidence.lines()) {
                byte[] text = l.line().getBytes(StandardCharsets.UTF_8);
                int length = Math.min(text.length, MAX_LINE_BYTES);
                out.writeLong(l.time().toEpochMilli());
                out.writeByte(l.action() == Action.REJECT ? 1 : 0);
                out.writeInt(length);
                out.write(text, 0, length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evidence", e);
        }
        return bytes.toByteArray();
    }

    static Evidence read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("evidence version " + version + " is not known to this reader");
            }
            long drops = in.readLong();
            long rejects = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > 16) {
                throw new SerializationException("evidence of " + count + " lines is not plausible");
            }
            List<LoggedLine> lines = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Instant time = Instant.ofEpochMilli(in.readLong());
                Action action = in.readByte() == 1 ? Action.REJECT : Action.DROP;
                int length = in.readInt();
                if (length < 0 || length > MAX_LINE_BYTES) {
                    throw new SerializationException("evidence line of " + length + " bytes is not plausible");
                }
                byte[] text = new byte[length];
                in.readFully(text);
                lines.add(new LoggedLine(time, action, new String(text, StandardCharsets.UTF_8)));
            }
            return new Evidence(drops, rejects, lines);
        } catch (IOException e) {
            throw new SerializationException("not evidence: " + e.getMessage(), e);
        }
    }
}
