package ai.thinkheads.droptrace.ingest.it;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the beginning, polling with a deadline (never a sleep). */
public final class TopicRecords {

    private TopicRecords() {
    }

    /**
     * A namespace of its own for one test ({@code PREFIX-<8 random hex>}) on the shared broker, its topics
     * made as the commands make them: with leaders, before the first record is sent.
     */
    public static Namespace freshNamespace(String prefix) {
        Namespace ns = Namespace.of(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        TopicAdmin.ensure(SharedKafkaBroker.bootstrapServers(), 3, Duration.ofSeconds(30), ns, Topics.all());
        return ns;
    }

    /** Every record of {@code topic}, read until at least {@code expected} arrived or the deadline passed. */
    public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, int expected,
            Duration deadline) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long end = System.nanoTime() + deadline.toNanos();
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < end) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < expected && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // Read on briefly to the current end so that duplicates, if any, are seen too.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (System.nanoTime() < end && partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    public static List<FirewallEvent> events(List<ConsumerRecord<byte[], byte[]>> records) {
        return values(records, FirewallEvent.class);
    }

    /** The records' values read as {@code type} (JSON). */
    public static <T> List<T> values(List<ConsumerRecord<byte[], byte[]>> records, Class<T> type) {
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                values.add(Json.events().readValue(r.value(), type));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }
}
