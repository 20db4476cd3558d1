package ai.thinkheads.droptrace.streams.ruleset;

import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes ruleset versions to the compacted {@code rulesets} topic of a namespace, keyed by node,
 * and waits for each to be acknowledged ({@code acks=all}, idempotent, compressed: a large
 * configuration with many ipsets can be a few hundred KB of JSON, one with a blocklist ipset of
 * 100,000 entries over 10 MB).
 */
public final class RulesetPublisher implements AutoCloseable {

    /**
     * The producer checks this against the record as serialized, before compression; the broker
     * checks the compressed batch against the topic's {@code max.message.bytes} (8 MiB). Ruleset
     * JSON compresses about tenfold, so the producer may take far more than the topic.
     */
    static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

    private final KafkaProducer<String, PublishedRuleset> producer;
    private final String topic;
    private final Duration timeout;

    public RulesetPublisher(String bootstrapServers, Namespace namespace, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "droptrace-rulesets-" + namespace);
        this.producer = new KafkaProducer<>(KafkaClientSettings.with(config), Topics.RULESETS.keySerde().serializer(),
                Topics.RULESETS.valueSerde().serializer());
        this.topic = Topics.RULESETS.name(namespace);
        this.timeout = timeout;
    }

    public String topic() {
        return topic;
    }

    /** Publishes one version and waits until Kafka has it. */
    public RecordMetadata publish(PublishedRuleset ruleset) {
        try {
            return producer.send(new ProducerRecord<>(topic, null, ruleset.publishedAt().toEpochMilli(), ruleset.node(),
                    ruleset)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not accept the ruleset: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the ruleset within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the ruleset", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
