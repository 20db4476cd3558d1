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
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of a namespace if they are missing. Namespaces other than {@code live} hold
 * replayed history: their topics keep records forever ({@code retention.ms=-1}), because the
 * broker would otherwise delete old-timestamped records on its first retention pass.
 */
public final class TopicAdmin {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicAdmin.class);

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
            Map<String, Map<String, String>> kept = new HashMap<>();
            for (TopicSpec<?, ?> spec : specs) {
                String name = spec.name(namespace);
                if (!existing.contains(name)) {
                    NewTopic topic = replicationFactor < 1
                            ? new NewTopic(name, Optional.of(partitions), Optional.empty())
                            : new NewTopic(name, partitions, replicationFactor);
                    missing.add(topic.configs(configFor(namespace, spec)));
                } else {
                    kept.put(name, configFor(namespace, spec));
                }
            }
            for (String warning : losingSettings(kept)) {
                LOGGER.atWarn().log(warning);
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new Refused(namespace, missing, e.getCause());
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
     * The cluster refused to create topics of a namespace: droptrace may not (no CREATE right), a name collides with
     * a topic that exists ({@code droptrace.a_b.alerts} and {@code droptrace_a_b.alerts}: Kafka's metrics cannot tell
     * {@code .} from {@code _}), a policy or limit of the cluster (replicas, partitions). The message says which, the
     * topics and what to do; it was an "unexpected failure" with Kafka's words alone.
     */
    public static final class Refused extends IllegalStateException {
        public Refused(Namespace namespace, List<NewTopic> topics, Throwable cause) {
            super("Kafka refused to create the topics of namespace " + namespace + " (" + cause.getMessage() + "); "
                    + advice(namespace, topics, cause), cause);
        }

        private static String advice(Namespace namespace, List<NewTopic> topics, Throwable cause) {
            if (cause instanceof AuthorizationException) {
                return "create them for droptrace (" + topics.stream().map(NewTopic::name).sorted()
                        .collect(java.util.stream.Collectors.joining(", ")) + ", with the settings of docs/architecture.md) "
                        + "or give it the right to (CREATE on the topics prefixed " + namespace.topic("") + ")";
            }
            if (cause instanceof InvalidTopicException) {
                return "use another --namespace";
            }
            return "create them on the cluster as it allows, or use another --namespace";
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

    /**
     * What the topics that exist already would lose, each said in one line: a topic made before droptrace (by an
     * operator whose cluster droptrace may not create topics on, an earlier version, a broker's auto-creation) keeps
     * its own settings, and a replay namespace's topic with the broker's retention lost its history at the broker's
     * next retention pass, a {@code rulesets} topic that is not compacted each node's ruleset, without a word.
     * Nothing when Kafka does not describe them (no right to, no answer in time): the topics are used as they are.
     *
     * @param kept each existing topic, and the settings droptrace would have made it with
     */
    List<String> losingSettings(Map<String, Map<String, String>> kept) {
        if (kept.values().stream().allMatch(Map::isEmpty)) {
            return List.of();
        }
        List<ConfigResource> resources = kept.keySet().stream().sorted()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> described;
        try {
            described = admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        for (ConfigResource resource : resources) {
            Config config = described.get(resource);
            if (config == null) {
                continue;
            }
            Map<String, String> actual = new HashMap<>();
            config.entries().forEach(entry -> actual.put(entry.name(), entry.value()));
            warnings.addAll(losing(resource.name(), kept.get(resource.name()), actual));
        }
        return warnings;
    }

    /**
     * The settings of the existing {@code topic} ({@code actual}) that lose what droptrace's settings for it
     * ({@code wanted}) keep: a policy without compaction, a retention short of {@code -1}, a smaller largest record.
     */
    static List<String> losing(String topic, Map<String, String> wanted, Map<String, String> actual) {
        List<String> warnings = new ArrayList<>();
        String policy = actual.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        String wantedPolicy = wanted.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (wantedPolicy != null && wantedPolicy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                && !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            warnings.add(warning(topic, TopicConfig.CLEANUP_POLICY_CONFIG, policy, wantedPolicy, "the broker deletes "
                    + "each record once it is older than the topic's retention.ms, the latest one of a key too, which "
                    + "readers started after that never see"));
        }
        String retention = actual.get(TopicConfig.RETENTION_MS_CONFIG);
        if ("-1".equals(wanted.get(TopicConfig.RETENTION_MS_CONFIG)) && policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)
                && retention != null && !"-1".equals(retention)) {
            warnings.add(warning(topic, TopicConfig.RETENTION_MS_CONFIG, retention, "-1", "the broker deletes the "
                    + "replayed records older than " + Duration.ofMillis(Long.parseLong(retention)).toString()
                    .substring(2).toLowerCase(java.util.Locale.ROOT) + " at its next retention pass, without a word"));
        }
        String wantedLargest = wanted.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        String largest = actual.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (wantedLargest != null && largest != null && Long.parseLong(largest) < Long.parseLong(wantedLargest)) {
            warnings.add(warning(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, largest, wantedLargest, "a record larger "
                    + "than " + largest + " bytes (a large ruleset) is refused"));
        }
        return warnings;
    }

    private static String warning(String topic, String key, String actual, String wanted, String loss) {
        return "topic " + topic + " exists with " + key + "=" + actual + ", where droptrace makes it with " + wanted
                + ": " + loss + "; set it (kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                + " --add-config " + key + "=" + (wanted.contains(",") ? "[" + wanted + "]" : wanted) + ")";
    }

    static Map<String, String> configFor(Namespace namespace, TopicSpec<?, ?> spec) {
        Map<String, String> config = new HashMap<>(spec.config());
        if (!Namespace.LIVE.equals(namespace)) {
            config.putIfAbsent("retention.ms", "-1");
        }
        return config;
    }
}
