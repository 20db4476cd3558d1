package ai.thinkheads.droptrace.streams.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Large rulesets against the real broker: what the limits let through is published, and what they do not is said. */
@ExtendWith(SharedKafkaBroker.class)
class RulesetPublisherIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void a_blocklist_ruleset_of_more_than_32_mib_as_json_is_published_as_the_limits_allow() throws Exception {
        // Given a blocklist of 550,000 entries: over 32 MiB as JSON (the producer's default buffer), far less gzipped
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace namespace = Namespace.of("publisher-it-large");
        TopicAdmin.ensure(bootstrap, 1, TIMEOUT, namespace, List.of(Topics.RULESETS));
        PublishedRuleset version = blocklist(550_000);
        assertThat(Topics.RULESETS.valueSerde().serializer().serialize("t", version).length)
                .isGreaterThan(33 * 1024 * 1024);

        // When
        try (RulesetPublisher publisher = new RulesetPublisher(bootstrap, namespace, TIMEOUT)) {
            publisher.publish(version);
        }

        // Then (before, the producer refused it: 'larger than the total memory buffer ... buffer.memory')
        List<ConsumerRecord<String, byte[]>> records = read(bootstrap, Topics.RULESETS.name(namespace));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("pve1");
            assertThat(TracerCache.Header.of(r.value()).version()).isEqualTo(version.version());
        });
    }

    @Test
    void a_ruleset_larger_than_the_topic_takes_is_one_clear_sentence_and_nothing_is_published() throws Exception {
        // Given a rulesets topic that takes records of at most 10,000 bytes, and a ruleset far larger compressed
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace namespace = Namespace.of("publisher-it-too-large");
        String topic = Topics.RULESETS.name(namespace);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact",
                    "max.message.bytes", "10000")))).all().get(30, TimeUnit.SECONDS);
        }
        PublishedRuleset version = blocklist(50_000);

        // When / Then
        try (RulesetPublisher publisher = new RulesetPublisher(bootstrap, namespace, TIMEOUT)) {
            assertThatThrownBy(() -> publisher.publish(version)).isInstanceOf(RulesetPublisher.TooLargeException.class)
                    .hasMessageStartingWith("the ruleset of node pve1 is ")
                    .hasMessageContaining("bytes as JSON, more than Kafka takes: " + topic + " takes a record of at "
                            + "most its max.message.bytes")
                    .hasMessageContaining("; nothing published (make the largest ipsets smaller");
        }
        assertThat(read(bootstrap, topic)).isEmpty();
    }

    private static PublishedRuleset blocklist(int entries) {
        StringBuilder text = new StringBuilder("[OPTIONS]\nenable: 1\n\n[IPSET blacklist]\n");
        for (int i = 0; i < entries; i++) {
            text.append(100 + i / 65536).append('.').append(i / 256 % 256).append('.').append(i % 256)
                    .append(".0/24 # blocklist entry\n");
        }
        FwFile cluster = FwFileParser.parse("firewall/cluster.fw", FileKind.CLUSTER, null, null, text.toString());
        Ruleset ruleset = new Ruleset(Ruleset.SCHEMA_VERSION, "pve1", Ruleset.Layout.PVE, cluster, List.of(), List.of(),
                new Inventory("pve1", List.of(), List.of()), null, null, List.of());
        return PublishedRuleset.of(ruleset, Instant.parse("2026-01-01T00:00:00Z"), "test");
    }

    private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "max.partition.fetch.bytes", 64 * 1024 * 1024), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, byte[]>> out = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            return out;
        }
    }
}
