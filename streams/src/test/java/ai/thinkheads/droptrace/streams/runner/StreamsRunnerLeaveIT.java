package ai.thinkheads.droptrace.streams.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped correlator leaves its consumer group. Kafka Streams stays in it by default, so the next start of the
 * same application (a restart of {@code up} or {@code correlate}) waited for the old member's session to time out
 * (45 s) before it got its partitions.
 */
@ExtendWith(SharedKafkaBroker.class)
class StreamsRunnerLeaveIT {

    private static final String TOPIC = "streams-runner-leave-it";
    private static final String APPLICATION = "streams-runner-leave-it";

    @Test
    void a_clean_stop_leaves_the_group_so_that_a_restart_need_not_wait_for_the_old_member(@TempDir Path dir)
            throws Exception {
        // Given: a running instance, a member of its application's group
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Topology topology = new Topology();
            topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), TOPIC);
            StreamsRunner runner = new StreamsRunner(topology, new StreamsSettings(bootstrap, APPLICATION, dir, Map.of()));
            runner.start(Duration.ofMinutes(2));
            assertThat(group(admin).members()).as("members while running").hasSize(1);

            // When
            boolean clean = runner.stop();

            // Then
            assertThat(clean).isTrue();
            assertThat(group(admin).members()).as("members after the stop").isEmpty();
        }
    }

    private static ConsumerGroupDescription group(Admin admin) throws Exception {
        return admin.describeConsumerGroups(List.of(APPLICATION)).all().get(30, TimeUnit.SECONDS).get(APPLICATION);
    }
}
