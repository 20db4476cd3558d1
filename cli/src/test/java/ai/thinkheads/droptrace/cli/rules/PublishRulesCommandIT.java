package ai.thinkheads.droptrace.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedKafkaBroker.class)
class PublishRulesCommandIT {

    @Test
    void the_published_ruleset_counts_every_line_left_out_as_trace_does(@TempDir Path dir) throws Exception {
        // Given a cluster.fw with an option pve-firewall cannot read and an ipset entry it leaves out
        Files.createDirectories(dir.resolve("firewall"));
        Files.writeString(dir.resolve("firewall").resolve("cluster.fw"), "[OPTIONS]\nenable: 1\nbogus_option: 1\n\n"
                + "[IPSET web]\n10.0.0.1\nnot-an-address\n\n[RULES]\nIN ACCEPT -source +web -p tcp -dport 22\n");

        // When
        CliRun publish = CliRun.of("rules", "publish", "--config-dir", dir.toString(), "--bootstrap-servers",
                SharedKafkaBroker.bootstrapServers(), "--namespace", "publish-skipped-it");
        CliRun trace = CliRun.of("trace", "--config-dir", dir.toString(), "--source", "10.0.0.1", "--to", "host",
                "--dport", "22");

        // Then
        assertThat(publish.exitCode()).as(publish.err()).isEqualTo(ExitCodes.OK);
        assertThat(publish.out()).contains("(1 file, 2 warnings)");
        assertThat(publish.err()).contains("droptrace: warning: firewall/cluster.fw:3: ")
                .contains("[bogus_option: 1]")
                .contains("droptrace: warning: firewall/cluster.fw:7: ").contains("[not-an-address]");
        assertThat(trace.err()).contains("2 line(s) of the configuration are skipped or left out");
    }
}
