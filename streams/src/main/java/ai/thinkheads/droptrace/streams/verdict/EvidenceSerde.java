package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.streams.state.BinaryIn;
import ai.thinkheads.droptrace.streams.state.BinaryOut;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of {@link Evidence} in the evidence store (never a topic): a version byte (2),
 * drops and rejects as longs, the number of lines, then each line as its time (epoch millis), its
 * action (0 drop, 1 reject), its UTF-8 bytes with their length (at most 64 KiB of a line are
 * kept) and the chain that logged it. Version 1 (earlier versions' stores) has no chain and is still read.
 * Written and read without streams ({@link BinaryOut}): every blocked event rewrites a slot.
 */
public final class EvidenceSerde implements Serde<Evidence> {

    private static final byte VERSION = 2;
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
        BinaryOut out = new BinaryOut(32 + 320 * evidence.lines().size());
        out.writeByte(VERSION).writeLong(evidence.drops()).writeLong(evidence.rejects())
                .writeInt(evidence.lines().size());
        for (LoggedLine l : evidence.lines()) {
            out.writeLong(l.time().toEpochMilli()).writeByte(l.action() == Action.REJECT ? 1 : 0)
                    .writeString(truncated(l.line())).writeString(l.chain());
        }
        return out.toByteArray();
    }

    static Evidence read(byte[] bytes) {
        BinaryIn in = new BinaryIn(bytes);
        byte version = in.readByte();
        if (version != VERSION && version != 1) {
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
            String line = in.readString();
            if (line == null) {
                throw new SerializationException("evidence line is missing");
            }
            lines.add(new LoggedLine(time, action, line, version == 1 ? null : in.readString()));
        }
        in.end();
        return new Evidence(drops, rejects, lines);
    }

    /** The line, cut to at most {@link #MAX_LINE_BYTES} UTF-8 bytes (on a character boundary). */
    private static String truncated(String line) {
        if (line.length() * 3 <= MAX_LINE_BYTES) {
            return line;
        }
        byte[] text = line.getBytes(StandardCharsets.UTF_8);
        if (text.length <= MAX_LINE_BYTES) {
            return line;
        }
        int end = MAX_LINE_BYTES;
        while (end > 0 && (text[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(text, 0, end, StandardCharsets.UTF_8);
    }
}
