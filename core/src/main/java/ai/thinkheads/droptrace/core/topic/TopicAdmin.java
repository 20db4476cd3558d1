package ai.thinkheads.droptrace.core.topic;

import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of a namespace if they are missing. Namespaces other than {@code live} hold
 * replayed history: their topics keep records forever ({@code retention.ms=-1}), because the
 * broker would otherwise delete old-timestamped records on its first retention pass.
 */
public final class TopicAdmin {

    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;
    private final Duration timeout;

    /** {@code replicationFactor} below 1 ({@link #CLUSTER_DEFAULT}) leaves it to the cluster. */
    public TopicAdmin(Admin admin, int partitions, short replicationFactor, Duration timeout) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** A replication factor left to the cluster: its {@code default.replication.factor}. */
    public static final short CLUSTER_DEFAULT = -1;

    /** Partitions of the live namespace's topics when {@code replay}, {@code probe replay} or {@code correlate} make them. */
    public static final int LIVE_PARTITIONS = 3;

    /**
     * Partitions of a namespace's topics when the commands that re-analyse history make them ({@code replay},
     * {@code probe replay}, {@code correlate} without {@code --partitions}): one in any namespace but {@code live}. The
     * correlator reads each input partition in a task of its own and merges them, by pair, through a repartition topic
     * in whatever order those tasks run: a replay spread over three partitions reached the pair buckets out of event
     * time order by more than their grace (a sparse log's lines are minutes apart), and a third to a half of its lines
     * were counted only as {@code late}, in no bucket, query or top list. On one partition they come in the log's order.
     */
    public static int partitionsFor(Namespace namespace) {
        return Namespace.LIVE.equals(namespace) ? LIVE_PARTITIONS : 1;
    }

    /**
     * Creates every missing topic of {@code specs} in {@code namespace} on the cluster at
     * {@code bootstrapServers}, through an admin client of its own that is closed again. The replication
     * factor is the cluster's own default: 1 on the embedded single-node broker, what its operator set on
     * a production cluster (where a topic of one replica would lose records with a broker, and where
     * managed services refuse a request that names a factor below their minimum).
     */
    public static void ensure(String bootstrapServers, int partitions, Duration timeout, Namespace namespace,
            Collection<TopicSpec<?, ?>> specs) {
        try (Admin admin = Admin.create(KafkaClientSettings.with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)))) {
            ensure(admin, partitions, timeout, namespace, specs);
        }
    }

    /** As {@link #ensure(String, int, Duration, Namespace, Collection)}, through {@code admin}. */
    public static void ensure(Admin admin, int partitions, Duration timeout, Namespace namespace,
            Collection<TopicSpec<?, ?>> specs) {
        new TopicAdmin(admin, partitions, CLUSTER_DEFAULT, timeout).ensure(namespace, specs);
    }

    /** How many partitions {@code topic} has; -1 when Kafka does not say so within {@code timeout}. */
    public static int partitionsOf(String bootstrapServers, String topic, Duration timeout) {
        try (Admin admin = Admin.create(KafkaClientSettings.with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Creates every missing topic of {@code specs} in {@code namespace}; existing ones are kept as they are. */
    public void ensure(Namespace namespace, Collection<TopicSpec<?, ?>> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec<?, ?> spec : specs) {
                String name = spec.name(namespace);
                if (!existing.contains(name)) {
                    NewTopic topic = replicationFactor < 1
                            ? new NewTopic(name, Optional.of(partitions), Optional.empty())
                            : new NewTopic(name, partitions, replicationFactor);
                    missing.add(topic.configs(configFor(namespace, spec)));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(missing);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics in namespace " + namespace + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout.toSeconds()
                    + " s while creating the topics of namespace " + namespace, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Returns once every partition of the new topics answers as its leader. A created topic is in
     * the controller's metadata before the broker leads its partitions; an idempotent producer whose
     * first batch meets that window (NOT_LEADER_OR_FOLLOWER) while a later batch is already accepted
     * retries the first one forever (OUT_OF_ORDER_SEQUENCE_NUMBER): its records never arrive. A
     * ListOffsets answer comes only from the partition's leader. The metadata is asked first: a
     * ListOffsets request for a topic the broker does not know yet makes Kafka's admin client log an
     * ERROR line per topic (seen when topics had just been deleted), which a user would read as a
     * failure.
     */
    private void awaitLeaders(List<NewTopic> created) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> names = created.stream().map(NewTopic::name).toList();
        Map<TopicPartition, OffsetSpec> partitionsOf = new HashMap<>();
        for (NewTopic topic : created) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitionsOf.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        until(deadline, "the new topics have no leader in the metadata", () -> admin.describeTopics(names)
                .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).values().stream().allMatch(TopicAdmin::led));
        until(deadline, "the new topics have no leader", () -> {
            admin.listOffsets(partitionsOf).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        });
    }

    /** An admin request whose answer says whether to go on; a failed answer (unknown topic, not the leader yet) is asked again. */
    @FunctionalInterface
    private interface Check {
        boolean holds() throws ExecutionException, InterruptedException, TimeoutException;
    }

    /** Asks {@code check} every 50 ms until it holds, or throws {@code failure} (with the last error) at the deadline. */
    private static void until(long deadline, String failure, Check check) throws InterruptedException, TimeoutException {
        while (true) {
            String last = null;
            try {
                if (check.holds()) {
                    return;
                }
            } catch (ExecutionException e) {
                last = e.getCause().getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(failure + (last == null ? "" : ": " + last));
            }
            Thread.sleep(50);
        }
    }

    private static boolean led(TopicDescription topic) {
        return topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    static Map<String, String> configFor(Namespace namespace, TopicSpec<?, ?> spec) {
        Map<String, String> config = new HashMap<>(spec.config());
        if (!Namespace.LIVE.equals(namespace)) {
            config.putIfAbsent("retention.ms", "-1");
        }
        return config;
    }
}
