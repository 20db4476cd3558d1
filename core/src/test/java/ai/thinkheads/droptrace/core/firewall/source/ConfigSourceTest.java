package ai.thinkheads.droptrace.core.firewall.source;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

    @Test
    void a_proxmox_directory_without_cluster_fw_is_not_publishable_and_says_which_file_is_missing(@TempDir Path dir)
            throws Exception {
        // Given: an empty folder (a wrong path, /etc/pve before pmxcfs mounted it), then a flat copy, then /etc/pve's layout
        ConfigSource source = new ConfigSource.ProxmoxDirectory(dir);
        Ruleset empty = source.load(ReadOptions.defaults());
        // Then
        assertThat(source.notPublishable()).contains(dir + " has no cluster.fw: it is not a firewall"
                + " configuration pve-firewall would read");

        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        assertThat(source.notPublishable()).isEmpty();

        Path pve = dir.resolve("pve");
        Files.createDirectories(pve.resolve("firewall"));
        Files.createDirectories(pve.resolve("nodes/pve1"));
        Files.writeString(pve.resolve("nodes/pve1/host.fw"), "[OPTIONS]\nenable: 1\n");
        ConfigSource layout = new ConfigSource.ProxmoxDirectory(pve);
        Ruleset noCluster = layout.load(ReadOptions.defaults());
        assertThat(noCluster.layout()).isEqualTo(Ruleset.Layout.PVE);
        assertThat(layout.notPublishable()).hasValueSatisfying(why -> assertThat(why)
                .startsWith(pve + " has no firewall/cluster.fw"));
        Files.writeString(pve.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");
        assertThat(layout.notPublishable()).isEmpty();
    }
}
