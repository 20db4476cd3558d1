package ai.thinkheads.droptrace.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishRulesCommandTest {

    @Test
    void a_directory_that_is_not_there_is_a_configuration_error_before_kafka_is_touched() {
        // When
        CliRun run = CliRun.of("rules", "publish", "--config-dir", "/no/such/pve");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).contains("/no/such/pve is not a directory").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_directory_without_cluster_fw_is_refused_not_published_as_a_ruleset_without_rules(@TempDir Path dir)
            throws Exception {
        // Given an empty folder, and a Proxmox layout whose firewall folder has only a guest file
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path pve = Files.createDirectories(dir.resolve("pve").resolve("firewall"));
        Files.writeString(pve.resolve("101.fw"), "[OPTIONS]\nenable: 1\n");

        // When (no broker is given: the refusal comes before Kafka is touched)
        CliRun flat = CliRun.of("rules", "publish", "--config-dir", empty.toString());
        CliRun layout = CliRun.of("rules", "publish", "--config-dir", dir.resolve("pve").toString());

        // Then
        assertThat(flat.exitCode()).as(flat.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(flat.err().strip()).isEqualTo("droptrace: " + empty + " has no cluster.fw: it is not a firewall "
                + "configuration pve-firewall would read; nothing published (give the Proxmox configuration "
                + "directory with --config-dir)");
        assertThat(flat.out()).isEmpty();
        assertThat(layout.exitCode()).as(layout.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(layout.err()).contains("has no firewall/cluster.fw").doesNotContain("Exception");
    }

    @Test
    void a_bad_namespace_is_one_line_not_one_after_the_configuration_s_warnings() {
        // When: the example has a line pve-firewall skips, which publish warns about
        CliRun run = CliRun.of("rules", "publish", "--config-dir", RulesCommandTest.PHOENIX.toString(),
                "--namespace", "Bad!");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("droptrace: namespace 'Bad!' is not valid");
    }

    @Test
    void a_configuration_iptables_refuses_is_not_published_as_the_firewall_in_force(@TempDir Path dir) throws Exception {
        // Given the example with a port list pve-firewall compiles and iptables-restore refuses (a name counts as one)
        RulesCommandTest.copyTree(RulesCommandTest.PHOENIX, dir);
        Files.writeString(dir.resolve("firewall").resolve("102.fw"),
                "IN ACCEPT -source nginx -p tcp -dport ssh,http,1,2,3,4,5,6,7,8,9,10,11,12,13,14\n",
                java.nio.file.StandardOpenOption.APPEND);

        // When (no broker is given: the refusal comes before Kafka is touched)
        CliRun run = CliRun.of("rules", "publish", "--config-dir", dir.toString());

        // Then one line, as rules check's iptables-refuses error, and nothing published
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("droptrace: firewall/102.fw:10: dport: iptables refuses this port list: 16 ports")
                .contains("pve-firewall loads none of this configuration and the rules it loaded before stay in force; "
                        + "not published");
        assertThat(run.out()).isEmpty();
    }
}
