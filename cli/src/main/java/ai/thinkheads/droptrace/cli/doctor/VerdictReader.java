package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Reads the verdicts topic of a namespace from its start until a verdict with each wanted id has
 * arrived (committed verdicts only) or the deadline passed, polling Kafka, never sleeping.
 */
final class VerdictReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, Verdict> consumer;

    VerdictReader(String bootstrapServers, Namespace namespace) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, Topics.VERDICTS.keySerde().deserializer(),
                Topics.VERDICTS.valueSerde().deserializer());
        String topic = Topics.VERDICTS.name(namespace);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The verdicts with the wanted ids ({@link Verdict#idOf}) that arrived by the deadline, by id. */
    Map<String, Verdict> await(Set<String> ids, Duration deadline) {
        Map<String, Verdict> found = new HashMap<>();
        long end = System.nanoTime() + deadline.toNanos();
        while (found.size() < ids.size() && System.nanoTime() < end) {
            try {
                for (ConsumerRecord<String, Verdict> record : consumer.poll(POLL)) {
                    Verdict v = record.value();
                    if (v != null && ids.contains(v.id())) {
                        found.put(v.id(), v);
                    }
                }
            } catch (RecordDeserializationException e) {
                consumer.seek(e.topicPartition(), e.offset() + 1);
            }
        }
        return found;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
