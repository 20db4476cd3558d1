package ai.thinkheads.droptrace.streams.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A follower whose broker goes away says so once, and once when it answers again (its own broker: the shared one stays). */
class TopicFeedFollowIT {

    @TempDir
    Path dir;

    @Test
    void a_follower_says_once_that_kafka_does_not_answer_and_once_that_it_answers_again() throws Exception {
        // Given: a follower of the alerts topic, told to ask after 1 s without a record
        Namespace ns = Namespace.of("it-follow");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
        List<String> notices = new CopyOnWriteArrayList<>();
        ShutdownSignal signal = ShutdownSignal.manual();
        Thread follower = null;
        try {
            ServiceFixture.createTopics(broker.bootstrapServers(), ns);
            TopicFeed<?, ?> feed = TopicFeed.open(broker.bootstrapServers(), ns, Topics.ALERTS, null);
            follower = new Thread(() -> {
                try (feed) {
                    feed.follow(signal, alert -> { }, notices::add, Duration.ofSeconds(1));
                }
            }, "follower");
            follower.start();
            // When: the broker stops
            broker.close();
            await(notices, 1);
            // Then
            assertThat(notices).hasSize(1);
            assertThat(notices.get(0)).startsWith("Kafka does not answer (no reply in 2 s to a request for the end of "
                    + Topics.ALERTS.name(ns) + "); still following");
            // When: it starts again on its data
            broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
            await(notices, 2);
            // Then
            assertThat(notices).hasSize(2);
            assertThat(notices.get(1)).isEqualTo("Kafka answers again; following " + Topics.ALERTS.name(ns));
        } finally {
            signal.requestStop();
            broker.close();
        }
        if (follower != null) {
            follower.join(30_000);
            assertThat(follower.isAlive()).as("the follower ends at the stop").isFalse();
        }
    }

    private static void await(List<String> notices, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (notices.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
