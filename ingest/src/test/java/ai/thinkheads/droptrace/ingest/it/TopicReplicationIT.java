package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The topics droptrace creates leave the replication factor to the cluster ({@code default.replication.factor}):
 * a production cluster's operator decides it, and managed services refuse a request that names one below
 * their minimum. The requests are read on their way to the real broker.
 */
@ExtendWith(SharedKafkaBroker.class)
class TopicReplicationIT {

    @Test
    void the_namespace_topics_are_asked_for_without_a_replication_factor_and_get_the_clusters() throws Exception {
        Namespace ns = Namespace.of("it-rf-" + UUID.randomUUID().toString().substring(0, 8));
        List<NewTopic> asked = new CopyOnWriteArrayList<>();
        try (Admin admin = new ForwardingAdmin(Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers())) {
            @Override
            public CreateTopicsResult createTopics(Collection<NewTopic> topics, CreateTopicsOptions options) {
                asked.addAll(topics);
                return super.createTopics(topics, options);
            }
        }) {
            // When
            TopicAdmin.ensure(admin, 3, Duration.ofSeconds(30), ns, Topics.all());
            // Then: no factor in the request, 3 partitions; the cluster gave its default (1 on one broker)
            assertThat(asked).hasSize(Topics.all().size());
            assertThat(asked).allSatisfy(t -> {
                assertThat(t.replicationFactor()).isEqualTo((short) -1);
                assertThat(t.numPartitions()).isEqualTo(3);
            });
            Map<String, TopicDescription> topics = admin.describeTopics(
                    Topics.all().stream().map(spec -> spec.name(ns)).toList()).allTopicNames().get();
            assertThat(topics.values()).allSatisfy(t -> {
                assertThat(t.partitions()).hasSize(3);
                assertThat(t.partitions().get(0).replicas()).hasSize(1);
            });
        }
    }
}
