package ai.thinkheads.droptrace.ingest.kafka;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends parsed events (keyed by flow) and dead letters of one namespace to Kafka through one
 * idempotent producer with {@code acks=all}. Counts what it sent and what the broker acknowledged;
 * the first send failure is kept and reported by {@link #flush()}.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String eventsTopic;
    private final String unparsedTopic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public EventPublisher(String bootstrapServers, Namespace namespace, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "droptrace-ingest-" + namespace);
        config.putAll(overrides);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.eventsTopic = Topics.FIREWALL_EVENTS.name(namespace);
        this.unparsedTopic = Topics.UNPARSED.name(namespace);
    }

    public void publish(FirewallEvent event) {
        send(Topics.FIREWALL_EVENTS, eventsTopic, event.flow(), event);
    }

    public void deadLetter(UnparsedLine unparsed) {
        send(Topics.UNPARSED, unparsedTopic, unparsed.origin().source(), unparsed);
    }

    private <K, V> void send(TopicSpec<K, V> spec, String topic, K key, V value) {
        byte[] keyBytes = spec.keySerde().serializer().serialize(topic, key);
        byte[] valueBytes = spec.valueSerde().serializer().serialize(topic, value);
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, keyBytes, valueBytes), (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else {
                failed.incrementAndGet();
                if (firstFailure.compareAndSet(null, error)) {
                    LOGGER.atError().addKeyValue("topic", topic).addKeyValue("error", error.getMessage())
                            .log("Kafka did not accept a record");
                }
            }
        });
    }

    /**
     * Waits until every record sent so far is acknowledged or failed.
     *
     * @throws IllegalStateException when any send failed, with the first failure's message
     */
    public void flush() {
        producer.flush();
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException(failed.get() + " record(s) were not accepted by Kafka: "
                    + failure.getMessage(), failure);
        }
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
