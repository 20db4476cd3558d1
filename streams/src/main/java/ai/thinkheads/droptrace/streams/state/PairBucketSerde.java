package ai.thinkheads.droptrace.streams.state;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of {@link PairBucket} for the bucket stores, which are read and rewritten
 * for every event: JSON cost most of the correlator's time there (see docs/benchmarks.md). Stores
 * only, never a topic anyone else reads. Layout: a version byte (1), the total counts, then the
 * port and the chain maps, each as a count followed by (label, counts) entries; counts are four
 * longs (accepts, drops, rejects, unknown). Version 2 appends the rule map in the same form.
 * Version 3, written now, has version 2's order with every count, map size and label length as a
 * var-long ({@link BinaryOut#writeVarLong}) and labels in UTF-8: an hour bucket with its 64 ports is
 * a third of the size, and it is serialised for every event and sent to the changelog at every
 * commit. This reader reads versions 1 (no rules), 2 and 3 and
 * rejects versions it does not know.
 */
public final class PairBucketSerde implements Serde<PairBucket> {

    private static final byte VERSION = 3;
    private static final byte VERSION_WRITE_UTF = 2;
    private static final byte VERSION_WITHOUT_RULES = 1;

    @Override
    public Serializer<PairBucket> serializer() {
        return (topic, bucket) -> bucket == null ? null : write(bucket);
    }

    @Override
    public Deserializer<PairBucket> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(PairBucket bucket) {
        BinaryOut out = new BinaryOut(64 + 48 * (bucket.byPort().size() + bucket.byChain().size() + bucket.byRule().size()));
        out.writeByte(VERSION);
        writeCounts(out, bucket.total());
        writeMap(out, bucket.byPort());
        writeMap(out, bucket.byChain());
        writeMap(out, bucket.byRule());
        return out.toByteArray();
    }

    static PairBucket read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == VERSION) {
            BinaryIn in = new BinaryIn(bytes);
            in.readByte();
            ActionCounts total = readCounts(in);
            PairBucket bucket = new PairBucket(total, readMap(in), readMap(in), readMap(in));
            in.end();
            return bucket;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION_WRITE_UTF && version != VERSION_WITHOUT_RULES) {
                throw new SerializationException("pair bucket version " + version + " is not known to this reader");
            }
            ActionCounts total = readCounts(in);
            Map<String, ActionCounts> ports = readMap(in);
            Map<String, ActionCounts> chains = readMap(in);
            return new PairBucket(total, ports, chains, version == VERSION_WRITE_UTF ? readMap(in) : Map.of());
        } catch (IOException e) {
            throw new SerializationException("not a pair bucket: " + e.getMessage(), e);
        }
    }

    private static void writeMap(BinaryOut out, Map<String, ActionCounts> map) {
        out.writeVarLong(map.size());
        for (var e : map.entrySet()) {
            out.writeShortString(e.getKey());
            writeCounts(out, e.getValue());
        }
    }

    private static Map<String, ActionCounts> readMap(BinaryIn in) {
        int size = plausibleSize(in.readVarLong());
        TreeMap<String, ActionCounts> map = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            map.put(in.readShortString(), readCounts(in));
        }
        return SortedMaps.wrap(map);
    }

    private static void writeCounts(BinaryOut out, ActionCounts c) {
        out.writeVarLong(c.accepts()).writeVarLong(c.drops()).writeVarLong(c.rejects()).writeVarLong(c.unknown());
    }

    private static ActionCounts readCounts(BinaryIn in) {
        return new ActionCounts(in.readVarLong(), in.readVarLong(), in.readVarLong(), in.readVarLong());
    }

    private static int plausibleSize(long size) {
        if (size < 0 || size > 4 * PairBucket.MAX_KEYS) {
            throw new SerializationException("pair bucket map of " + size + " labels is not plausible");
        }
        return (int) size;
    }

    private static Map<String, ActionCounts> readMap(DataInputStream in) throws IOException {
        int size = plausibleSize(in.readInt());
        TreeMap<String, ActionCounts> map = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            map.put(in.readUTF(), readCounts(in));
        }
        return SortedMaps.wrap(map);
    }

    private static ActionCounts readCounts(DataInputStream in) throws IOException {
        return new ActionCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
}
