package ai.thinkheads.droptrace.streams.service;

import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an output topic of a namespace (alerts, verdicts) without joining a consumer group (so it
 * never disturbs anyone's offsets): committed records only, from an event time on or from the
 * beginning.
 */
public final class TopicFeed<K, V> implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicFeed.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final long TOPIC_RETRY_MILLIS = 1000;

    private final KafkaConsumer<K, V> consumer;
    private final String topic;
    private final List<TopicPartition> partitions;

    private TopicFeed(KafkaConsumer<K, V> consumer, String topic, List<TopicPartition> partitions) {
        this.consumer = consumer;
        this.topic = topic;
        this.partitions = partitions;
    }

    /**
     * Opens the feed at the first record with a timestamp at or after {@code since} ({@code null}:
     * from the beginning). Returns {@code null} when the namespace has no such topic yet.
     */
    public static <K, V> TopicFeed<K, V> open(String bootstrapServers, Namespace namespace, TopicSpec<K, V> spec,
            Instant since) {
        return open(bootstrapServers, namespace, spec, since, null, () -> { });
    }

    /**
     * As {@link #open(String, Namespace, TopicSpec, Instant)}, but a topic that does not exist yet is waited for
     * (a follower started before the command that creates the topic): {@code waiting} is run once when it is
     * missing, and the topic is looked for again every {@value #TOPIC_RETRY_MILLIS} ms until it is there or
     * {@code signal} asks to stop. Returns {@code null} only when the signal came first.
     */
    public static <K, V> TopicFeed<K, V> awaitTopic(String bootstrapServers, Namespace namespace,
            TopicSpec<K, V> spec, Instant since, ShutdownSignal signal, Runnable waiting) {
        return open(bootstrapServers, namespace, spec, since, signal, waiting);
    }

    private static <K, V> TopicFeed<K, V> open(String bootstrapServers, Namespace namespace, TopicSpec<K, V> spec,
            Instant since, ShutdownSignal signal, Runnable waiting) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String topic = spec.name(namespace);
        var consumer = new KafkaConsumer<>(KafkaClientSettings.with(config), spec.keySerde().deserializer(),
                spec.valueSerde().deserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if ((infos == null || infos.isEmpty()) && signal != null) {
                waiting.run();
                while ((infos == null || infos.isEmpty()) && !signal.await(Duration.ofMillis(TOPIC_RETRY_MILLIS))) {
                    infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
                }
            }
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                return null;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            if (since == null) {
                consumer.seekToBeginning(partitions);
            } else {
                seekTo(consumer, partitions, since);
            }
            return new TopicFeed<>(consumer, topic, partitions);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private static void seekTo(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Instant since) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = found.get(p);
            consumer.seek(p, at != null ? at.offset() : ends.get(p));
        }
    }

    public String topic() {
        return topic;
    }

    /** Every committed record up to the end of the topic as it was when called. */
    public List<V> readToEnd(Duration timeout) {
        List<V> values = new ArrayList<>();
        readToEnd(timeout, values::add);
        return values;
    }

    /**
     * Hands every committed record up to the end of the topic as it was when called to {@code sink}, one
     * at a time (a topic of millions need not fit in memory). Fails when {@code timeout} passes without the
     * reading getting further: a big topic takes as long as it takes, a stuck one ends.
     */
    public void readToEnd(Duration timeout, Consumer<V> sink) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        long read = positions();
        while (!reached(ends)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end: it got no further for "
                        + timeout.toSeconds() + " s");
            }
            poll(sink);
            long now = positions();
            if (now != read) {
                read = now;
                deadline = System.nanoTime() + timeout.toNanos();
            }
        }
    }

    private long positions() {
        long sum = 0;
        for (TopicPartition p : partitions) {
            sum += consumer.position(p);
        }
        return sum;
    }

    /**
     * Hands every new record to {@code sink} until {@code done} is true or {@code timeout} has passed;
     * returns {@code done}'s last answer.
     */
    public boolean pollUntil(BooleanSupplier done, Duration timeout, Consumer<V> sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            poll(sink);
        }
        return true;
    }

    /** Hands every new record to {@code sink} until {@code signal} asks to stop. */
    public void follow(ShutdownSignal signal, Consumer<V> sink) {
        follow(signal, sink, notice -> LOGGER.atWarn().log(notice), Duration.ofSeconds(30));
    }

    /**
     * As {@link #follow(ShutdownSignal, Consumer)}; and when {@code quiet} has passed without a record, asks Kafka
     * for the topic's end (2 s at most): a consumer polls a broker that went away without a word, so a follower
     * would otherwise wait in silence for ever. {@code notices} gets one line when Kafka stops answering and one
     * when it answers again.
     */
    public void follow(ShutdownSignal signal, Consumer<V> sink, Consumer<String> notices, Duration quiet) {
        long[] heard = {System.nanoTime()};
        boolean silent = false;
        while (!signal.stopRequested()) {
            poll(value -> {
                heard[0] = System.nanoTime();
                sink.accept(value);
            });
            if (System.nanoTime() - heard[0] < quiet.toNanos() || signal.stopRequested()) {
                continue;
            }
            heard[0] = System.nanoTime();
            try {
                consumer.endOffsets(partitions, Duration.ofSeconds(2));
                if (silent) {
                    silent = false;
                    notices.accept("Kafka answers again; following " + topic);
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (!silent) {
                    silent = true;
                    notices.accept("Kafka does not answer (no reply in 2 s to a request for the end of " + topic
                            + "); still following, what arrives once it answers is shown; asked again every "
                            + quiet.toSeconds() + " s");
                }
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (var end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void poll(Consumer<V> sink) {
        try {
            for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
                if (record.value() != null) {
                    sink.accept(record.value());
                }
            }
        } catch (RecordDeserializationException e) {
            // Tolerant reader: one unreadable record is skipped (and said so), not the rest of the topic.
            Throwable why = e.getCause() != null ? e.getCause() : e;
            LOGGER.atWarn().addKeyValue("topic", topic).addKeyValue("error", why.getMessage())
                    .log("skipped an unreadable record at offset " + e.offset() + " of partition "
                            + e.topicPartition().partition());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
