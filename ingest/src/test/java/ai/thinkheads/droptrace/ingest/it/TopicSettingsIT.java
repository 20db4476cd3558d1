package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A namespace's topics that exist already keep their settings; the ones that lose what droptrace's keep are said:
 * replayed history under the broker's retention, a rulesets topic that is not compacted.
 */
@ExtendWith(SharedKafkaBroker.class)
class TopicSettingsIT {

    @Test
    void existing_topics_whose_settings_lose_records_are_warned_about_and_kept_as_they_are() throws Exception {
        // Given a replay namespace whose events and rulesets topics an operator made with the broker's defaults
        Namespace ns = Namespace.of("it-kept-" + UUID.randomUUID().toString().substring(0, 8));
        String events = Topics.FIREWALL_EVENTS.name(ns);
        String rulesets = Topics.RULESETS.name(ns);
        Logger logger = (Logger) LoggerFactory.getLogger(TopicAdmin.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(events, 1, (short) 1), new NewTopic(rulesets, 1, (short) 1))).all().get();

            // When droptrace makes the namespace's topics
            TopicAdmin.ensure(admin, 1, Duration.ofSeconds(30), ns, Topics.all());

            // Then the two are said, the others made (with droptrace's settings: nothing to say of them)
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                    first -> assertThat(first).startsWith("topic " + events + " exists with retention.ms="),
                    second -> assertThat(second).startsWith("topic " + rulesets + " exists with cleanup.policy=delete"),
                    third -> assertThat(third).startsWith("topic " + rulesets + " exists with retention.ms="),
                    fourth -> assertThat(fourth).startsWith("topic " + rulesets + " exists with max.message.bytes="));
            assertThat(admin.listTopics().names().get()).containsAll(Topics.all().stream().map(t -> t.name(ns)).toList());
        } finally {
            logger.detachAppender(logged);
        }
    }
}
