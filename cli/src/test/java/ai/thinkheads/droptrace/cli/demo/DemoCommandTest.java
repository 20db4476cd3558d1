package ai.thinkheads.droptrace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void on_a_kafka_that_stays_up_the_demo_gives_the_exact_command_that_shows_its_verdicts_in_full() {
        // When
        String hint = DemoCommand.verdictsHint(Namespace.of("demo-20251120-140000"), "kafka1:9092", null);
        // Then
        assertThat(hint.strip()).isEqualTo("See each in full: droptrace verdicts --details --bootstrap-servers "
                + "kafka1:9092 --namespace demo-20251120-140000");
    }

    @Test
    void on_a_kafka_that_requires_its_client_settings_the_command_given_takes_them_too() {
        // When
        String hint = DemoCommand.verdictsHint(Namespace.of("demo-20251120-140000"), "kafka1:9093",
                Path.of("/etc/droptrace/kafka-client.properties"));
        // Then
        assertThat(hint.strip()).isEqualTo("See each in full: droptrace verdicts --details --bootstrap-servers "
                + "kafka1:9093 --kafka-config /etc/droptrace/kafka-client.properties --namespace demo-20251120-140000");
    }

    @Test
    void on_the_embedded_broker_the_demo_does_not_send_the_reader_to_topics_that_are_gone() {
        // When
        String hint = DemoCommand.verdictsHint(Namespace.of("demo-20251120-140000"), null, null);
        // Then
        assertThat(hint).contains("embedded broker and its topics end with it",
                "droptrace demo --bootstrap-servers HOST:PORT");
    }

    @Test
    void the_verdict_table_title_counts_an_ok_for_a_recovery_apart_from_the_failures() {
        // When
        String mixed = DemoCommand.verdictsHeading(9, 1);
        String failuresOnly = DemoCommand.verdictsHeading(3, 0);
        // Then
        assertThat(mixed).isEqualTo("Verdicts (10): 9 on failed probes, 1 OK for a failed probe that passed again:");
        assertThat(failuresOnly).isEqualTo("Verdicts on the failed probes (3):");
    }

    @Test
    void the_line_of_a_demo_stopped_on_a_kafka_that_stays_says_where_its_topics_are() {
        // When
        String embedded = DemoCommand.stoppedLine(Namespace.of("demo-20261128-100000"), null);
        String given = DemoCommand.stoppedLine(Namespace.of("demo-20261128-100000"), "kafka1:9092");

        // Then
        assertThat(embedded).isEqualTo("droptrace demo: stopped before the end, no report; its embedded broker and "
                + "temporary files are deleted");
        assertThat(given).isEqualTo("droptrace demo: stopped before the end, no report; its temporary files are deleted, "
                + "the topics of namespace demo-20261128-100000 stay on kafka1:9092");
    }
}
