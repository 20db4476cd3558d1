package ai.thinkheads.droptrace.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The settings of a topic that exists already which lose what droptrace's settings for it keep. */
class TopicAdminTest {

    @Test
    void a_replay_namespace_topic_with_the_brokers_retention_is_said_with_what_it_loses_and_the_setting_to_make() {
        // Given the events topic of a replay namespace, made with the broker's 7 days
        Namespace ns = Namespace.of("incident-nov20");
        String topic = Topics.FIREWALL_EVENTS.name(ns);

        // When
        var warnings = TopicAdmin.losing(topic, TopicAdmin.configFor(ns, Topics.FIREWALL_EVENTS),
                Map.of("cleanup.policy", "delete", "retention.ms", "604800000"));

        // Then
        assertThat(warnings).containsExactly("topic droptrace.incident-nov20.firewall-events exists with "
                + "retention.ms=604800000, where droptrace makes it with -1: the broker deletes the replayed records "
                + "older than 168h at its next retention pass, without a word; set it (kafka-configs.sh --alter "
                + "--entity-type topics --entity-name droptrace.incident-nov20.firewall-events --add-config "
                + "retention.ms=-1)");
    }

    @Test
    void a_rulesets_topic_that_is_not_compacted_or_takes_smaller_records_is_said() {
        // Given the live rulesets topic made with the broker's defaults
        String topic = Topics.RULESETS.name(Namespace.LIVE);

        // When
        var warnings = TopicAdmin.losing(topic, TopicAdmin.configFor(Namespace.LIVE, Topics.RULESETS),
                Map.of("cleanup.policy", "delete", "retention.ms", "604800000", "max.message.bytes", "1048588"));

        // Then
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("topic droptrace.live.rulesets exists with cleanup.policy=delete, where "
                + "droptrace makes it with compact: the broker deletes each record once it is older than the topic's "
                + "retention.ms").endsWith("--add-config cleanup.policy=compact)");
        assertThat(warnings.get(1)).startsWith("topic droptrace.live.rulesets exists with max.message.bytes=1048588, "
                + "where droptrace makes it with 8388608");
    }

    @Test
    void topics_whose_settings_keep_what_droptraces_keep_are_not_said() {
        // Given a live events topic with the broker's retention (live is not history), a replay topic kept for ever,
        // a compacted rulesets topic that also deletes old records only by a retention of -1, and one compacted alone
        Namespace replay = Namespace.of("replay");

        // When / Then
        assertThat(TopicAdmin.losing(Topics.FIREWALL_EVENTS.name(Namespace.LIVE),
                TopicAdmin.configFor(Namespace.LIVE, Topics.FIREWALL_EVENTS),
                Map.of("cleanup.policy", "delete", "retention.ms", "604800000"))).isEmpty();
        assertThat(TopicAdmin.losing(Topics.FIREWALL_EVENTS.name(replay), TopicAdmin.configFor(replay, Topics.FIREWALL_EVENTS),
                Map.of("cleanup.policy", "delete", "retention.ms", "-1"))).isEmpty();
        assertThat(TopicAdmin.losing(Topics.RULESETS.name(replay), TopicAdmin.configFor(replay, Topics.RULESETS),
                Map.of("cleanup.policy", "compact,delete", "retention.ms", "-1", "max.message.bytes", "8388608")))
                .isEmpty();
        assertThat(TopicAdmin.losing(Topics.RULESETS.name(replay), TopicAdmin.configFor(replay, Topics.RULESETS),
                Map.of("cleanup.policy", "compact", "retention.ms", "604800000", "max.message.bytes", "8388608")))
                .isEmpty();
    }

    @Test
    void a_refusal_to_create_the_topics_says_why_and_what_to_do() {
        // Given a cluster where droptrace may not create topics, and one where a name collides
        Namespace ns = Namespace.of("incident");
        List<NewTopic> topics = List.of(new NewTopic(Topics.ALERTS.name(ns), Optional.of(1), Optional.empty()),
                new NewTopic(Topics.FIREWALL_EVENTS.name(ns), Optional.of(1), Optional.empty()));

        // When
        var denied = new TopicAdmin.Refused(ns, topics, new TopicAuthorizationException("Authorization failed."));
        var collides = new TopicAdmin.Refused(ns, topics, new InvalidTopicException("Topic 'droptrace.incident.alerts' "
                + "collides with existing topic: droptrace_incident.alerts"));

        // Then
        assertThat(denied.getMessage()).isEqualTo("Kafka refused to create the topics of namespace incident "
                + "(Authorization failed.); create them for droptrace (droptrace.incident.alerts, "
                + "droptrace.incident.firewall-events, with the settings of docs/architecture.md) or give it the right "
                + "to (CREATE on the topics prefixed droptrace.incident.)");
        assertThat(collides.getMessage()).isEqualTo("Kafka refused to create the topics of namespace incident (Topic "
                + "'droptrace.incident.alerts' collides with existing topic: droptrace_incident.alerts); use another "
                + "--namespace");
    }
}
