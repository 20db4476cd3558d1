package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A cluster that refuses to create a namespace's topics: one line saying why and what to do, not an "unexpected failure". */
@ExtendWith(SharedKafkaBroker.class)
class TopicRefusedIT {

    @TempDir
    Path dir;

    @Test
    void a_namespace_whose_topic_name_collides_with_an_existing_topic_is_one_line_naming_both_and_exit_4()
            throws Exception {
        // Given a topic that Kafka cannot tell from the namespace's alerts topic ('.' and '_' are one in its metrics)
        String ns = "it-collide-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("droptrace_" + ns + ".alerts", 1, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), "100 6 tap100i0-IN 14/Mar/2025:09:20:15 +0100 "
                + "policy DROP: IN=fwbr100i0 SRC=10.0.0.5 DST=10.0.0.100 LEN=60 PROTO=TCP SPT=40000 DPT=22 SYN \n");

        // When
        CliRun run = CliRun.of("replay", log.toString(), "--bootstrap-servers", bootstrap, "--namespace", ns);

        // Then: before, 'droptrace: unexpected failure: Topic ... collides ... (run again with -v for details)', exit 1
        assertThat(run.exitCode()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(run.err().lines()).containsExactly("droptrace: Kafka refused to create the topics of namespace " + ns
                + " (Topic 'droptrace." + ns + ".alerts' collides with existing topic: droptrace_" + ns + ".alerts); use "
                + "another --namespace");
    }
}
