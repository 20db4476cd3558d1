package ai.thinkheads.droptrace.streams.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of {@link PairSummary} for the {@code pair-summary} store, read and
 * rewritten for every event (JSON with four ISO instants cost more than the rest of the update).
 * Stores only. Layout: a version byte (1); first seen, last seen, first blocked, last blocked as
 * optional instants (a presence byte, epoch second, nano); the four counts; received; late; the
 * optional baseline memo (minute, per minute, minutes).
 */
public final class PairSummarySerde implements Serde<PairSummary> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<PairSummary> serializer() {
        return (topic, summary) -> summary == null ? null : write(summary);
    }

    @Override
    public Deserializer<PairSummary> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(PairSummary s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeInstant(out, s.firstSeen());
            writeInstant(out, s.lastSeen());
            writeInstant(out, s.firstBlocked());
            writeInstant(out, s.lastBlocked());
            ActionCounts c = s.total();
            out.writeLong(c.accepts());
            out.writeLong(c.drops());
            out.writeLong(c.rejects());
            out.writeLong(c.unknown());
            out.writeLong(s.received());
            out.writeLong(s.late());
            PairSummary.BaselineMemo memo = s.baseline();
            out.writeBoolean(memo != null);
            if (memo != null) {
                writeInstant(out, memo.minute());
                out.writeDouble(memo.perMinute());
                out.writeInt(memo.minutes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a pair summary", e);
        }
        return bytes.toByteArray();
    }

    static PairSummary read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("pair summary version " + version + " is not known to this reader");
            }
            Instant firstSeen = readInstant(in);
            Instant lastSeen = readInstant(in);
            Instant firstBlocked = readInstant(in);
            Instant lastBlocked = readInstant(in);
            ActionCounts total = new ActionCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong());
            long received = in.readLong();
            long late = in.readLong();
            PairSummary.BaselineMemo memo = in.readBoolean()
                    ? new PairSummary.BaselineMemo(readInstant(in), in.readDouble(), in.readInt()) : null;
            return new PairSummary(firstSeen, lastSeen, firstBlocked, lastBlocked, total, received, late, memo);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("not a pair summary: " + e.getMessage(), e);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
