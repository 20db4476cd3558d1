package ai.thinkheads.droptrace.streams.state;

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
 * optional baseline memo (minute, per minute, minutes). Written and read with {@link BinaryOut} and
 * {@link BinaryIn} (the same bytes {@code DataOutput} wrote before, without the stream overhead).
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
        BinaryOut out = new BinaryOut(160);
        out.writeByte(VERSION).writeNullableInstant(s.firstSeen()).writeNullableInstant(s.lastSeen())
                .writeNullableInstant(s.firstBlocked()).writeNullableInstant(s.lastBlocked());
        ActionCounts c = s.total();
        out.writeLong(c.accepts()).writeLong(c.drops()).writeLong(c.rejects()).writeLong(c.unknown())
                .writeLong(s.received()).writeLong(s.late());
        PairSummary.BaselineMemo memo = s.baseline();
        out.writeBoolean(memo != null);
        if (memo != null) {
            out.writeInstant(memo.minute()).writeLong(Double.doubleToLongBits(memo.perMinute())).writeInt(memo.minutes());
        }
        return out.toByteArray();
    }

    static PairSummary read(byte[] bytes) {
        BinaryIn in = new BinaryIn(bytes);
        byte version = in.readByte();
        if (version != VERSION) {
            throw new SerializationException("pair summary version " + version + " is not known to this reader");
        }
        try {
            Instant firstSeen = in.readNullableInstant();
            Instant lastSeen = in.readNullableInstant();
            Instant firstBlocked = in.readNullableInstant();
            Instant lastBlocked = in.readNullableInstant();
            ActionCounts total = new ActionCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong());
            long received = in.readLong();
            long late = in.readLong();
            PairSummary.BaselineMemo memo = in.readBoolean() ? new PairSummary.BaselineMemo(in.readInstant(),
                    Double.longBitsToDouble(in.readLong()), in.readInt()) : null;
            in.end();
            return new PairSummary(firstSeen, lastSeen, firstBlocked, lastBlocked, total, received, late, memo);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new SerializationException("not a pair summary: " + e.getMessage(), e);
        }
    }
}
