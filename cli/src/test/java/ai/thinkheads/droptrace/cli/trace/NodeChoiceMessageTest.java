package ai.thinkheads.droptrace.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration directory with several nodes: the error says what to give, and only that. */
class NodeChoiceMessageTest {

    @Test
    void several_nodes_and_a_node_it_has_not_ask_for_node_and_not_for_another_directory(@TempDir Path dir)
            throws IOException {
        // Given /etc/pve of a two-node cluster, copied without its 'local' link
        Files.createDirectories(dir.resolve("firewall"));
        Files.createDirectories(dir.resolve("nodes/pve1"));
        Files.createDirectories(dir.resolve("nodes/pve2"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");

        // When
        CliRun several = CliRun.of("trace", "--config-dir", dir.toString(), "--from", "outside", "--to", "host");
        CliRun misspelt = CliRun.of("rules", "check", "--config-dir", dir.toString(), "--node", "pve3");
        CliRun noDir = CliRun.of("rules", "check", "--config-dir", dir.resolve("nothing").toString());

        // Then: the directory is the right one; 'give the Proxmox configuration directory' sent the reader elsewhere
        assertThat(several.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(several.err()).isEqualTo("droptrace: " + dir.resolve("nodes") + " has several nodes (pve1, pve2); "
                + "choose one with --node" + System.lineSeparator());
        assertThat(misspelt.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(misspelt.err()).isEqualTo("droptrace: " + dir.resolve("nodes") + " has no node 'pve3' (it has pve1, "
                + "pve2); choose one of them with --node" + System.lineSeparator());
        assertThat(noDir.err()).contains("is not a directory (give the Proxmox configuration directory with "
                + "--config-dir)");
    }
}
