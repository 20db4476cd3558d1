package ai.thinkheads.droptrace.cli.verdicts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
}
