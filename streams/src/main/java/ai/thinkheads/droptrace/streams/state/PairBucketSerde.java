package ai.thinkheads.droptrace.streams.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * longs (accepts, drops, rejects, unknown). Version 2 appends the rule map in the same form. This
 * reader reads versions 1 (no rules) and 2 and rejects versions it does not know.
 */
public final class PairBucketSerde implements Serde<PairBucket> {

    private static final byte VERSION = 2;
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * (bucket.byPort().size() + bucket.byChain().size() + bucket.byRule().size()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeCounts(out, bucket.total());
            writeMap(out, bucket.byPort());
            writeMap(out, bucket.byChain());
            writeMap(out, bucket.byRule());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a pair bucket", e);
        }
        return bytes.toByteArray();
    }

    static PairBucket read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_RULES) {
                throw new SerializationException("pair bucket version " + version + " is not known to this reader");
            }
            ActionCounts total = readCounts(in);
            Map<String, ActionCounts> ports = readMap(in);
            Map<String, ActionCounts> chains = readMap(in);
            return new PairBucket(total, ports, chains, version == VERSION ? readMap(in) : Map.of());
        } catch (IOException e) {
            throw new SerializationException("not a pair bucket: " + e.getMessage(), e);
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, ActionCounts> map) throws IOException {
        out.writeInt(map.size());
        for (var e : map.entrySet()) {
            out.writeUTF(e.getKey());
            writeCounts(out, e.getValue());
        }
    }

    private static Map<String, ActionCounts> readMap(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 4 * PairBucket.MAX_KEYS) {
            throw new SerializationException("pair bucket map of " + size + " labels is not plausible");
        }
        TreeMap<String, ActionCounts> map = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            map.put(in.readUTF(), readCounts(in));
        }
        return SortedMaps.wrap(map);
    }

    private static void writeCounts(DataOutputStream out, ActionCounts c) throws IOException {
        out.writeLong(c.accepts());
        out.writeLong(c.drops());
        out.writeLong(c.rejects());
        out.writeLong(c.unknown());
    }

    private static ActionCounts readCounts(DataInputStream in) throws IOException {
        return new ActionCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
}
