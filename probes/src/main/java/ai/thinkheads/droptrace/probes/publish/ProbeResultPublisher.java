package ai.thinkheads.droptrace.probes.publish;

import ai.thinkheads.droptrace.core.kafka.BoundedFlush;
import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes results to {@code droptrace.<ns>.probe-results}, keyed by {@link ProbeResult#flow()}
 * so they co-partition with firewall events; idempotent producer, {@code acks=all}. The record
 * timestamp is the probe's start time (its event time).
 */
public final class ProbeResultPublisher implements ResultSink {

    private static final Logger LOGGER = LoggerFactory.getLogger(ProbeResultPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public ProbeResultPublisher(String bootstrapServers, Namespace namespace) {
        this(bootstrapServers, namespace, Map.of());
    }

    /** With producer settings of its own, such as {@link #notWaitingOut()}'s. */
    public ProbeResultPublisher(String bootstrapServers, Namespace namespace, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "droptrace-probes-" + namespace);
        this.producer = new KafkaProducer<>(KafkaClientSettings.with(config), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.topic = Topics.PROBE_RESULTS.name(namespace);
    }

    /**
     * For a schedule that must not wait on a Kafka gone away (probe run): a send waits at most 1 s for the topic's
     * metadata (60 s by default, per result), and a result not acknowledged within 20 s is refused; both are counted.
     * Call {@link #awaitTopic} first, so the first sends do not fail while the producer learns the topic.
     */
    public static Map<String, Object> notWaitingOut() {
        return Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000L, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    }

    /** Waits up to {@code max} for the producer to know the topic's partitions; false when it does not by then. */
    public boolean awaitTopic(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic);
                return true;
            } catch (TimeoutException e) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
            }
        }
    }

    public String topic() {
        return topic;
    }

    @Override
    public void accept(ProbeResult result) {
        byte[] key = Topics.PROBE_RESULTS.keySerde().serializer().serialize(topic, result.flow());
        byte[] value = Topics.PROBE_RESULTS.valueSerde().serializer().serialize(topic, result);
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, null, result.time().toEpochMilli(), key, value), (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
                return;
            }
            refused.incrementAndGet();
            if (firstFailure.compareAndSet(null, error)) {
                LOGGER.atError().addKeyValue("topic", topic).addKeyValue("probeId", result.probeId())
                        .addKeyValue("error", error.getMessage()).log("Kafka did not accept a probe result");
            }
        });
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    /** The results handed to Kafka so far. */
    public long sent() {
        return sent.get();
    }

    /** The results Kafka answered with an error (a record too large for the topic, a topic not writable, ...). */
    public long refused() {
        return refused.get();
    }

    /** Kafka's first error for a result, or {@code null} when it has refused none. */
    public String firstRefusal() {
        Exception failure = firstFailure.get();
        return failure == null ? null : failure.getMessage();
    }

    /** Waits for Kafka's answer to every result sent; a refusal is counted ({@link #refused}), not thrown. */
    public void awaitAnswers() {
        producer.flush();
    }

    /**
     * As {@link #awaitAnswers()}, at most {@code max} (a Kafka that does not answer keeps a flush waiting for the
     * delivery timeout); the results still without an answer are {@link #unanswered}.
     */
    public void awaitAnswers(Duration max) {
        BoundedFlush.flush(producer, max, "probe-results-flush");
    }

    /** The results sent that Kafka has neither acknowledged nor refused (yet). */
    public long unanswered() {
        return Math.max(0, sent.get() - acknowledged.get() - refused.get());
    }

    @Override
    public void flush() {
        awaitAnswers();
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException("probe results were not accepted by Kafka: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() {
        // what Kafka did not answer by now is said already; the stop does not wait for it again
        producer.close(unanswered() > 0 ? Duration.ZERO : Duration.ofSeconds(10));
    }
}
