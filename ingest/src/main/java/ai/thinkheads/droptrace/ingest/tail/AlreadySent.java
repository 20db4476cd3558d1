package ai.thinkheads.droptrace.ingest.tail;

import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Finds the lines of a file that reached Kafka after the last stored position (sent and written,
 * but the tail died before it could record the acknowledgement): it reads the tail's topics from
 * the stored per-partition offsets to their ends and collects the {@code droptrace.offset}
 * headers of records whose {@code droptrace.file} is the file. Those lines are skipped on restart,
 * which makes a kill -9 lose nothing and duplicate nothing.
 */
public final class AlreadySent {

    public static final String FILE_HEADER = "droptrace.file";
    public static final String OFFSET_HEADER = "droptrace.offset";
    /**
     * The node whose log the line is from: two nodes of a cluster sharing a namespace can have log files of one
     * identity (installed alike, on the same disk layout), and one node's recovery must not take the other's
     * records for its own.
     */
    public static final String HOST_HEADER = "droptrace.host";

    private AlreadySent() {
    }

    /**
     * Offsets of lines at or after {@code from} that are already in the topics, sent from any of {@code files}
     * (identities of one text: a file and its rotated copy hold the same bytes at the same offsets) by the tail of
     * one of the nodes {@code hosts} (their {@link #HOST_HEADER}: the node a tail names now, and the one it named when
     * it stored its position, {@code --host} may have changed between a crash and the restart; records without one,
     * written before it was, are taken as ever; every node's when {@code hosts} is {@code null}).
     */
    public static Set<Long> find(String bootstrapServers, List<String> topics, Map<String, Long> partitionOffsets,
            Set<String> files, Set<String> hosts, long from, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "droptrace-tail-recovery");
        Set<Long> sent = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientSettings.with(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> starts = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long start = Math.max(partitionOffsets.getOrDefault(key(tp), beginnings.get(tp)), beginnings.get(tp));
                if (start < ends.get(tp)) {
                    starts.put(tp, start);
                }
            }
            List<TopicPartition> pending = new ArrayList<>(starts.keySet());
            consumer.assign(pending);
            starts.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read back the records after the last position within "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header f = record.headers().lastHeader(FILE_HEADER);
                    Header o = record.headers().lastHeader(OFFSET_HEADER);
                    Header h = record.headers().lastHeader(HOST_HEADER);
                    boolean ours = hosts == null || h == null || hosts.contains(new String(h.value(), StandardCharsets.UTF_8));
                    if (ours && f != null && o != null && files.contains(new String(f.value(), StandardCharsets.UTF_8))) {
                        long offset = Long.parseLong(new String(o.value(), StandardCharsets.UTF_8));
                        if (offset >= from) {
                            sent.add(offset);
                        }
                    }
                }
                pending.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
                consumer.assign(pending);
            }
        }
        return sent;
    }

    /** End offsets of every partition of {@code topics}, as the starting points of a first run. */
    public static Map<String, Long> endOffsets(String bootstrapServers, List<String> topics, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "droptrace-tail-start");
        Map<String, Long> offsets = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientSettings.with(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.endOffsets(partitions, timeout).forEach((tp, end) -> offsets.put(key(tp), end));
        }
        return offsets;
    }

    public static String key(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }
}
