package ai.thinkheads.droptrace.streams.ruleset;

import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

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
        // the producer refuses a record larger than its buffer (32 MiB by default) whatever max.request.size says;
        // the buffer is taken as records need it, not at the start
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, (long) MAX_REQUEST_BYTES + 1024 * 1024);
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
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new TooLargeException(tooLarge(ruleset), e.getCause());
            }
            throw new IllegalStateException("Kafka did not accept the ruleset: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the ruleset within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the ruleset", e);
        }
    }

    /** What a ruleset larger than Kafka takes is, in the operator's terms: its size against the two limits. */
    private String tooLarge(PublishedRuleset ruleset) {
        long bytes = Topics.RULESETS.valueSerde().serializer().serialize(topic, ruleset).length;
        return String.format(Locale.ROOT, "the ruleset of node %s is %,d bytes as JSON, more than Kafka takes: "
                + "%s takes a record of at most its max.message.bytes (%,d as droptrace creates it) compressed, "
                + "and droptrace sends one of at most %,d as JSON; nothing published (make the largest ipsets smaller, "
                + "or raise max.message.bytes of the topic and message.max.bytes of the brokers)", ruleset.node(), bytes,
                topic, Long.parseLong(Topics.RULESETS.config().get("max.message.bytes")), MAX_REQUEST_BYTES);
    }

    /** A ruleset larger than the topic or the producer takes: nothing was published. */
    public static final class TooLargeException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        TooLargeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
