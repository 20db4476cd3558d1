package ai.thinkheads.droptrace.ingest.kafka;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.LoggerStatus;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.kafka.BoundedFlush;
import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.json.FirewallEventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the parsers made of the input to one namespace through one idempotent producer with
 * {@code acks=all}: events keyed by flow to {@code firewall-events}, dead letters keyed by source
 * to {@code unparsed}, logger status lines keyed by source to {@code logger-status}. Counts what it
 * sent and what the broker acknowledged; the first send failure is kept and reported by
 * {@link #flush()}.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String eventsTopic;
    private final String unparsedTopic;
    private final String statusTopic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public EventPublisher(String bootstrapServers, Namespace namespace, Map<String, Object> overrides) {
        this.producer = new KafkaProducer<>(config(bootstrapServers, "droptrace-ingest-" + namespace, overrides),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.eventsTopic = Topics.FIREWALL_EVENTS.name(namespace);
        this.unparsedTopic = Topics.UNPARSED.name(namespace);
        this.statusTopic = Topics.LOGGER_STATUS.name(namespace);
    }

    /** The producer settings of every ingest path: idempotent, acks=all, batched and compressed. */
    public static Map<String, Object> config(String bootstrapServers, String clientId, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.putAll(overrides);
        return KafkaClientSettings.with(config);
    }

    /**
     * For a one-shot command ({@code replay}): a broker that goes away is not waited out for long: a
     * record it cannot take within 30 s fails (the command stops there and says how far it got), and a
     * send waits at most 15 s for the topic's metadata.
     */
    public static Map<String, Object> oneShot() {
        return Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000L,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    }

    /**
     * Producer settings for paths that must wait out a broker that is down or restarting (tail,
     * TCP): keep retrying for a day, and block the reader when the buffer is full (backpressure).
     */
    public static Map<String, Object> waitForBroker() {
        return Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofDays(1).toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Duration.ofDays(1).toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    }

    public void publish(FirewallEvent event) {
        sendEvent(event, List.of(), null);
    }

    /** Events are written by {@link FirewallEventJson}: the same bytes as the topic's serde, several times faster. */
    private void sendEvent(FirewallEvent event, List<Header> headers, Callback onAck) {
        send(eventsTopic, FlowKeyBytes.of(event.packet()), FirewallEventJson.bytes(event), headers, onAck);
    }

    public void deadLetter(UnparsedLine unparsed) {
        send(Topics.UNPARSED, unparsedTopic, unparsed.origin().source(), unparsed, List.of(), null);
    }

    public void status(LoggerStatus status) {
        send(Topics.LOGGER_STATUS, statusTopic, status.origin().source(), status, List.of(), null);
    }

    /** A record ready to send: its topic, key and value already serialised (done on a worker thread). */
    public record Prepared(String topic, byte[] key, byte[] value) {
    }

    /** Serialises a parse result for {@link #send(Prepared)}, {@code null} for a blank line; thread-safe. */
    public Prepared prepare(ParseResult result, String line, Origin origin, Instant received) {
        return prepare(result, line, null, origin, received);
    }

    /**
     * Serialises a parse result for {@link #send(Prepared)}, {@code null} for a blank line (nothing is
     * sent for it); safe to call from several threads.
     *
     * @param plainLine {@code line} when the caller checked it to be plain text
     *     ({@link ai.thinkheads.droptrace.ingest.json.PlainText}), else {@code null}
     */
    public Prepared prepare(ParseResult result, String line, String plainLine, Origin origin, Instant received) {
        return prepare(result, line, plainLine, null, origin, received);
    }

    /**
     * As {@link #prepare(ParseResult, String, String, Origin, Instant)}, with the line's bytes as read for a dead
     * letter ({@code null} when not at hand): kept in it when the line was not valid UTF-8.
     */
    public Prepared prepare(ParseResult result, String line, String plainLine, byte[] lineBytes, Origin origin,
            Instant received) {
        try {
            return prepareAsParsed(result, line, plainLine, lineBytes, origin, received);
        } catch (IllegalArgumentException e) {
            // a parse let through what a record refuses (the parsers' tests hunt for these): a dead letter, not a crash
            return prepareAsParsed(new ParseResult.Failed("cannot be published: " + e.getMessage(), line), line, plainLine,
                    lineBytes, origin, received);
        }
    }

    private Prepared prepareAsParsed(ParseResult result, String line, String plainLine, byte[] lineBytes, Origin origin,
            Instant received) {
        if (result instanceof ParseResult.Parsed p) {
            FirewallEvent event = p.event();
            return new Prepared(eventsTopic, FlowKeyBytes.of(event.packet()), FirewallEventJson.bytes(event, plainLine));
        }
        if (result instanceof ParseResult.Blank) {
            return null;
        }
        if (result instanceof ParseResult.Status s) {
            LoggerStatus status = new LoggerStatus(LoggerStatus.SCHEMA_VERSION, s.time() == null ? received : s.time(),
                    s.zoneOffset(), s.host(), s.level(), s.kind(), s.text(), s.skipped(), origin);
            return new Prepared(statusTopic, serialize(Topics.LOGGER_STATUS.keySerde(), statusTopic, origin.source()),
                    serialize(Topics.LOGGER_STATUS.valueSerde(), statusTopic, status));
        }
        ParseResult.Failed f = (ParseResult.Failed) result;
        return new Prepared(unparsedTopic, serialize(Topics.UNPARSED.keySerde(), unparsedTopic, origin.source()),
                serialize(Topics.UNPARSED.valueSerde(), unparsedTopic,
                        UnparsedLine.of(received, f.reason(), line, origin, lineBytes)));
    }

    private static <X> byte[] serialize(org.apache.kafka.common.serialization.Serde<X> serde, String topic, X value) {
        return serde.serializer().serialize(topic, value);
    }

    /** Sends a prepared record (in the caller's order). */
    public void send(Prepared record) {
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()), counting);
    }

    /**
     * Sends prepared records in their order, counted once for all: the sending thread does not
     * touch a counter per record that the producer's thread updates per acknowledgement.
     */
    public void sendAll(List<Prepared> records) {
        sent.addAndGet(records.size());
        for (Prepared record : records) {
            producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()), counting);
        }
    }

    /**
     * As {@link #sendAll(List)} for a one-shot command that stops at Kafka's first refusal ({@code replay}), with
     * {@code onAck} told the broker's answer to each record too. Once Kafka has refused a record, the records of
     * the list not sent yet are not sent, and count as refused with that refusal (so {@code onAck} is told):
     * a producer that lost its broker makes every send wait up to {@code max.block.ms} for it, a block of
     * thousands of records hours.
     */
    public void sendAllUntilRefused(List<Prepared> records, Callback onAck) {
        sent.addAndGet(records.size());
        Callback answer = (metadata, error) -> {
            answered(metadata == null ? null : metadata.topic(), error);
            onAck.onCompletion(metadata, error);
        };
        for (int k = 0; k < records.size(); k++) {
            Exception refusal = firstFailure.get();
            if (refusal != null) {
                for (; k < records.size(); k++) {
                    answer.onCompletion(null, refusal);
                }
                return;
            }
            Prepared record = records.get(k);
            producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()), answer);
        }
    }

    /** The broker's answer to a record sent without a callback of its own: counted (one instance for all). */
    private final Callback counting = (metadata, error) -> answered(metadata == null ? null : metadata.topic(), error);

    private void answered(String topic, Exception error) {
        if (error == null) {
            acknowledged.incrementAndGet();
        } else {
            failed.incrementAndGet();
            if (firstFailure.compareAndSet(null, error) && !abandoned) {
                LOGGER.atError().addKeyValue("topic", topic).addKeyValue("error", error.getMessage())
                        .log("Kafka did not accept a record");
            }
        }
    }

    /**
     * Sends one parse result where it belongs: an event, a status line, or a dead letter with the
     * raw line, reason, source and position; nothing for a blank line ({@code onAck} is not called).
     *
     * @param received when the line was read (dead letters' time; status lines without a time)
     * @param headers extra record headers (the tail's file identity and offset)
     * @param onAck called with the broker's answer, may be {@code null}
     */
    public void publish(ParseResult result, String line, Origin origin, Instant received, List<Header> headers,
            Callback onAck) {
        publish(result, line, null, origin, received, headers, onAck);
    }

    /** As {@link #publish(ParseResult, String, Origin, Instant, List, Callback)}, with the line's bytes for a dead letter (may be null). */
    public void publish(ParseResult result, String line, byte[] lineBytes, Origin origin, Instant received,
            List<Header> headers, Callback onAck) {
        try {
            publishAsParsed(result, line, lineBytes, origin, received, headers, onAck);
        } catch (IllegalArgumentException e) {
            // a parse let through what a record refuses: a dead letter, not a crash
            publishAsParsed(new ParseResult.Failed("cannot be published: " + e.getMessage(), line), line, lineBytes, origin,
                    received, headers, onAck);
        }
    }

    private void publishAsParsed(ParseResult result, String line, byte[] lineBytes, Origin origin, Instant received,
            List<Header> headers, Callback onAck) {
        if (result instanceof ParseResult.Parsed p) {
            sendEvent(p.event(), headers, onAck);
        } else if (result instanceof ParseResult.Status s) {
            LoggerStatus status = new LoggerStatus(LoggerStatus.SCHEMA_VERSION, s.time() == null ? received : s.time(),
                    s.zoneOffset(), s.host(), s.level(), s.kind(), s.text(), s.skipped(), origin);
            send(Topics.LOGGER_STATUS, statusTopic, origin.source(), status, headers, onAck);
        } else if (result instanceof ParseResult.Failed f) {
            send(Topics.UNPARSED, unparsedTopic, origin.source(),
                    UnparsedLine.of(received, f.reason(), line, origin, lineBytes), headers, onAck);
        }
    }

    private <K, V> void send(TopicSpec<K, V> spec, String topic, K key, V value, List<Header> headers,
            Callback onAck) {
        send(topic, spec.keySerde().serializer().serialize(topic, key), spec.valueSerde().serializer().serialize(topic, value),
                headers, onAck);
    }

    private void send(String topic, byte[] keyBytes, byte[] valueBytes, List<Header> headers, Callback onAck) {
        sent.incrementAndGet();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, null, keyBytes, valueBytes,
                headers.isEmpty() ? null : headers);
        if (onAck == null) {
            producer.send(record, counting);
            return;
        }
        producer.send(record, (metadata, error) -> {
            answered(topic, error);
            onAck.onCompletion(metadata, error);
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

    /**
     * Waits at most {@code max} for every record sent to be acknowledged or refused (a broker that does
     * not answer keeps {@link #flush()} waiting for as long as the delivery timeout); whether they all were.
     */
    public boolean flushWithin(Duration max) {
        return BoundedFlush.flush(producer, max, "kafka-flush");
    }

    public List<String> topics() {
        return List.of(eventsTopic, unparsedTopic, statusTopic);
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

    private volatile boolean abandoned;

    /**
     * Gives up on what Kafka has not acknowledged (a stop with Kafka not answering, already counted as
     * lost by the caller): the producer is closed at once, its records failed without a line each.
     */
    public void abandon() {
        abandoned = true;
        producer.close(Duration.ZERO);
    }

    @Override
    public void close() {
        if (!abandoned) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
