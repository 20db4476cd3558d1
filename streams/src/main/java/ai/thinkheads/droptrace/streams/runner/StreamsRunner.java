package ai.thinkheads.droptrace.streams.runner;

import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a {@link KafkaStreams} for one topology: configuration, start, waiting until it is
 * running or has caught up with its input, store access and shutdown. The topology itself is built
 * elsewhere, as a pure function.
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(StreamsRunner.class);
    /** How long a stop waits for Kafka Streams to commit and close. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StreamsSettings settings;
    private final KafkaStreams streams;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile BooleanSupplier replaceFailedThreads = () -> false;

    public StreamsRunner(Topology topology, StreamsSettings settings) {
        this.settings = settings;
        this.streams = new KafkaStreams(topology, properties(settings));
        streams.setUncaughtExceptionHandler(this::onThreadFailure);
    }

    /**
     * A stream thread that fails while {@code when} holds is replaced by a new one instead of stopping the instance.
     * Under exactly_once_v2 a Kafka away for two minutes fails the thread (its transaction's commit timed out, and the
     * next commit may not start), which is no reason for a long-running correlator to end: its new thread goes on
     * where the last commit left off once Kafka answers.
     */
    public void replaceFailedThreadsWhen(BooleanSupplier when) {
        this.replaceFailedThreads = when;
    }

    StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onThreadFailure(Throwable error) {
        if (replaceFailedThreads.getAsBoolean()) {
            LOGGER.atWarn().addKeyValue("error", error.getMessage())
                    .log("stream thread failed while Kafka did not answer; a new one takes over");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        fatal.compareAndSet(null, error);
        LOGGER.atError().addKeyValue("error", error.getMessage()).log("stream thread failed; stopping");
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    static Properties properties(StreamsSettings settings) {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.guarantee().config());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        if (settings.applicationServer() != null) {
            HostInfo server = settings.applicationServer();
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server.host() + ":" + server.port());
        }
        // A single-node cluster: internal topics cannot have more replicas than brokers.
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // A task reads whatever its partitions hold without waiting for an empty one (the probe
        // results are mostly empty): the topology tolerates disorder by design (event time, grace,
        // evidence kept 6 h), and the readiness bookkeeping of the default (0) cost about a third
        // of the correlator's CPU per event (docs/benchmarks.md).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        p.putAll(settings.extra());
        // the cluster's TLS, SASL, ... (--kafka-config): Kafka Streams hands them to its own clients
        p.putAll(KafkaClientSettings.current());
        return p;
    }

    /** Starts processing and waits until the instance is RUNNING. */
    public void start(Duration timeout) {
        try (ShutdownSignal never = ShutdownSignal.manual()) {
            start(timeout, never);
        }
    }

    /**
     * Starts processing and waits until the instance is RUNNING, or until {@code signal} asks to stop: joining the
     * group and restoring the state can take minutes, and a stop must not wait for them.
     *
     * @return true when running, false when a stop was asked for first
     */
    public boolean start(Duration timeout, ShutdownSignal signal) {
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            failIfDead();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams did not reach RUNNING within "
                        + timeout.toSeconds() + " s (state " + streams.state() + ")");
            }
            if (signal.await(Duration.ofMillis(50))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until this application has committed every record of its input topics and of its own
     * repartition topics, so its stores reflect all input written before the call.
     */
    public void awaitCaughtUp(Collection<String> inputTopics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(KafkaClientSettings.with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers())))) {
            while (true) {
                failIfDead();
                if (lag(admin, inputTopics) == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka Streams did not catch up with its input within "
                            + timeout.toSeconds() + " s");
                }
                sleep(100);
            }
        }
    }

    private long lag(Admin admin, Collection<String> inputTopics) {
        try {
            Set<String> topics = new HashSet<>(inputTopics);
            String internalPrefix = settings.applicationId() + "-";
            admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(internalPrefix) && t.endsWith("-repartition"))
                    .forEach(topics::add);
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(
                    p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            // Committed positions first, then the ends: a commit landing between the two reads then shows as
            // lag on the input (read again) instead of hiding repartition records written with it.
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(settings.applicationId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                long position = c == null ? 0 : c.offset();
                lag += Math.max(0, end.getValue().offset() - position);
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka Streams", e);
        } catch (Exception e) {
            LOGGER.atDebug().addKeyValue("error", e.getMessage()).log("lag check failed; retrying");
            return Long.MAX_VALUE;
        }
    }

    /**
     * Blocks until {@code signal} asks to stop (returns) or Kafka Streams stops by itself (throws
     * {@link IllegalStateException} with the reason).
     */
    public void awaitStop(ShutdownSignal signal) {
        while (!signal.await(Duration.ofMillis(250))) {
            failIfDead();
        }
    }

    public <T> T store(String name, QueryableStoreType<T> type) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, type));
    }

    public KafkaStreams streams() {
        return streams;
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    private void failIfDead() {
        Throwable error = fatal.get();
        if (error != null) {
            throw new IllegalStateException("Kafka Streams stopped: " + error.getMessage(), error);
        }
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("Kafka Streams is " + streams.state());
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Closes Kafka Streams, letting it commit its work; false when its threads did not stop within
     * {@link #CLOSE_TIMEOUT} (a Kafka that does not answer the commit), so its last work is not committed.
     * It leaves the consumer group: Kafka Streams stays in it by default, and the next start of the same
     * application (a restart of {@code up} or {@code correlate}) then waited for the old member's session to
     * time out, 45 s, before it got its partitions.
     */
    public boolean stop() {
        return streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }

    /** Deletes this application's local state (what {@code droptrace reset} would do). */
    public void cleanUp() {
        streams.cleanUp();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

}
