package ai.thinkheads.droptrace.cli.verdicts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.Confidence;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What {@code droptrace verdicts} prints of a namespace whose correlator has decided nothing yet. */
@ExtendWith(SharedKafkaBroker.class)
class VerdictsCommandIT {

    @Test
    void a_verdicts_topic_without_verdicts_is_said_in_a_line_as_a_table_and_with_details_and_is_empty_json() {
        // Given: a namespace whose correlator made its topics and decided nothing
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace namespace = Namespace.of("it-verdicts-" + UUID.randomUUID().toString().substring(0, 8));
        TopicAdmin.ensure(bootstrap, 1, Duration.ofSeconds(30), namespace, List.<TopicSpec<?, ?>>of(Topics.VERDICTS));

        // When
        CliRun table = CliRun.of("verdicts", "--bootstrap-servers", bootstrap, "--namespace", namespace.name());
        CliRun details = CliRun.of("verdicts", "--details", "--bootstrap-servers", bootstrap, "--namespace",
                namespace.name());
        CliRun json = CliRun.of("verdicts", "--output", "json", "--bootstrap-servers", bootstrap, "--namespace",
                namespace.name());

        // Then
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().strip()).isEqualTo("no verdicts in namespace " + namespace);
        assertThat(details.out().strip()).isEqualTo("no verdicts in namespace " + namespace);
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).isEmpty();
    }

    @Test
    void a_followed_verdict_is_a_row_in_the_columns_of_the_table_and_in_detail_only_with_details(@TempDir Path dir)
            throws Exception {
        // Given: a verdict there at start, and two followers, one with --details
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace namespace = Namespace.of("it-verdicts-" + UUID.randomUUID().toString().substring(0, 8));
        TopicAdmin.ensure(bootstrap, 1, Duration.ofSeconds(30), namespace, List.<TopicSpec<?, ?>>of(Topics.VERDICTS));
        publish(bootstrap, namespace, verdict("first-probe", Instant.parse("2025-11-20T14:12:01Z")));
        Path table = dir.resolve("table.out");
        Path details = dir.resolve("details.out");
        Process tableFollower = CliJvm.start(table, 120, "verdicts", "--follow", "--bootstrap-servers", bootstrap,
                "--namespace", namespace.name());
        Process detailsFollower = CliJvm.start(details, 120, "verdicts", "--follow", "--details",
                "--bootstrap-servers", bootstrap, "--namespace", namespace.name());
        try {
            CliJvm.awaitOutput(table, tableFollower, "following");
            CliJvm.awaitOutput(details, detailsFollower, "following");

            // When: a new verdict is decided
            publish(bootstrap, namespace, verdict("later-probe", Instant.parse("2025-11-20T14:13:01Z")));

            // Then
            CliJvm.awaitOutput(table, tableFollower, "later-probe");
            CliJvm.awaitOutput(details, detailsFollower, "later-probe");
        } finally {
            CliJvm.stop(tableFollower, false);
            CliJvm.stop(detailsFollower, false);
        }
        // without --details: the header once, the followed verdict a row in the same columns, no detail lines
        List<String> rows = Files.readString(table).lines().filter(l -> !l.startsWith("droptrace ")).toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).startsWith("TIME ");
        assertThat(rows.get(1)).startsWith("2025-11-20T14:12:01Z").contains("first-probe");
        assertThat(rows.get(2)).startsWith("2025-11-20T14:13:01Z").contains("later-probe");
        assertThat(rows.get(2).indexOf("BLOCKED_LOGGED")).isEqualTo(rows.get(0).indexOf("VERDICT"));
        assertThat(rows.get(2).indexOf("MEDIUM")).isEqualTo(rows.get(0).indexOf("SURE"));
        assertThat(rows.get(2).indexOf("TIMEOUT")).isEqualTo(rows.get(0).indexOf("OUTCOME"));
        // with --details: both in detail
        String detailed = Files.readString(details);
        assertThat(detailed).contains("first-probe: dropped").contains("later-probe: dropped")
                .doesNotContain("TIME ");
        assertThat(detailed.lines().filter(l -> l.startsWith("    why:"))).hasSize(2);
    }

    @Test
    void a_failure_decided_again_by_a_second_correlator_is_shown_once_as_last_decided() {
        // Given: a failure's verdict, then the same failure decided otherwise by a newer correlator of the namespace
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace namespace = Namespace.of("it-verdicts-" + UUID.randomUUID().toString().substring(0, 8));
        TopicAdmin.ensure(bootstrap, 1, Duration.ofSeconds(30), namespace, List.<TopicSpec<?, ?>>of(Topics.VERDICTS));
        Instant t = Instant.parse("2025-11-20T14:12:01Z");
        publish(bootstrap, namespace, verdict("first-probe", t));
        Verdict again = verdict("first-probe", t);
        publish(bootstrap, namespace, new Verdict(again.schema(), again.id(), VerdictClass.NOT_FIREWALL,
                again.confidence(), again.time(), again.decidedAt(), again.probe(), again.summary(), again.reason(),
                List.of(), 0, 0, null, null, null, null));

        // When
        CliRun table = CliRun.of("verdicts", "--bootstrap-servers", bootstrap, "--namespace", namespace.name());
        CliRun json = CliRun.of("verdicts", "--output", "json", "--bootstrap-servers", bootstrap, "--namespace",
                namespace.name());

        // Then: one row, the later decision, in both
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().skip(1)).singleElement().asString().contains("NOT_FIREWALL");
        assertThat(json.out().lines()).singleElement().asString().contains("NOT_FIREWALL");
        assertThat(table.err()).contains("a verdict was written again (each is shown once, as last written)");
    }

    private static Verdict verdict(String probeId, Instant t) {
        ProbeResult result = new ProbeResult(1, probeId, ProbeKind.TCP, t, "x", null, "y", "10.9.9.9", "10.0.0.12",
                "tcp", 8443, ProbeOutcome.TIMEOUT, false, null, 5003, "no answer", Map.of());
        return new Verdict(1, Verdict.idOf(probeId, t), VerdictClass.BLOCKED_LOGGED, Confidence.MEDIUM, t, t,
                Verdict.Probe.of(result), probeId + ": dropped", "a drop was logged", List.of("102 6 veth102i0-IN"), 1, 0,
                null, null, null, null);
    }

    private static void publish(String bootstrap, Namespace namespace, Verdict verdict) {
        try (KafkaProducer<String, Verdict> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Topics.VERDICTS.keySerde().serializer(),
                Topics.VERDICTS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.VERDICTS.name(namespace), null, verdict.time().toEpochMilli(),
                    verdict.probe().probeId(), verdict));
        }
    }
}
