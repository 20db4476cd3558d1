package ai.thinkheads.droptrace.core.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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

    public TopicAdmin(Admin admin, int partitions, short replicationFactor, Duration timeout) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /**
     * Creates every missing topic of {@code specs} in {@code namespace} on the cluster at
     * {@code bootstrapServers} (replication factor 1: droptrace's single-node default), through an
     * admin client of its own that is closed again.
     */
    public static void ensure(String bootstrapServers, int partitions, Duration timeout, Namespace namespace,
            Collection<TopicSpec<?, ?>> specs) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicAdmin(admin, partitions, (short) 1, timeout).ensure(namespace, specs);
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
                    missing.add(new NewTopic(name, partitions, replicationFactor).configs(configFor(namespace, spec)));
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

    static Map<String, String> configFor(Namespace namespace, TopicSpec<?, ?> spec) {
        Map<String, String> config = new HashMap<>(spec.config());
        if (!Namespace.LIVE.equals(namespace)) {
            config.putIfAbsent("retention.ms", "-1");
        }
        return config;
    }
}
