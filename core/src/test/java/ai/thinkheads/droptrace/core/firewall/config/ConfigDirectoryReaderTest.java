package ai.thinkheads.droptrace.core.firewall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirectoryReaderTest {

    @Test
    void an_etc_pve_copy_gives_files_guests_node_and_host_addresses() {
        // When
        Ruleset r = ConfigDirectoryReader.read(Path.of("..", "deploy", "examples", "firewall", "phoenix"),
                ReadOptions.defaults());

        // Then
        assertThat(r.node()).isEqualTo("phoenix");
        assertThat(r.layout()).isEqualTo(Ruleset.Layout.PVE);
        assertThat(r.host().path()).isEqualTo("nodes/phoenix/host.fw");
        assertThat(r.guests()).extracting(FwFile::vmid).containsExactly(101, 102, 103, 900, 1001, 1002);
        assertThat(r.inventory().hostAddresses()).containsExactly("10.0.0.13");
        Guest nginx = r.inventory().byVmid(101).orElseThrow();
        assertThat(nginx.type()).isEqualTo(GuestType.LXC);
        assertThat(nginx.node()).isEqualTo("phoenix");
        assertThat(nginx.addresses()).containsExactly("10.0.0.153", "2001:db8:10::153");
        assertThat(r.inventory().byVmid(1002).orElseThrow().nics().get(0).firewall()).isFalse();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void several_nodes_need_a_choice_and_a_missing_directory_is_refused(@TempDir Path dir) throws IOException {
        // Given
        Files.createDirectories(dir.resolve("nodes/a"));
        Files.createDirectories(dir.resolve("nodes/b"));
        Files.writeString(dir.resolve("nodes/b/host.fw"), "[OPTIONS]\nenable: 0\n");

        // Then
        assertThatThrownBy(() -> ConfigDirectoryReader.read(dir, ReadOptions.defaults()))
                .isInstanceOf(ConfigDirectoryException.class).hasMessageContaining("choose one with --node");
        // (droptrace up names the node in its file: its message says so)
        ConfigDirectoryException several = catchThrowableOfType(ConfigDirectoryException.class,
                () -> ConfigDirectoryReader.read(dir, ReadOptions.defaults()));
        assertThat(several.withNodeSetting("firewall.node")).endsWith("has several nodes (a, b); choose one with firewall.node");
        Ruleset b = ConfigDirectoryReader.read(dir, new ReadOptions("b", null, List.of(), null, null));
        assertThat(b.host().flag("enable", true)).isFalse();
        assertThat(b.warnings()).extracting(ParseWarning::message).anyMatch(m -> m.startsWith("cluster.fw not found"));
        assertThatThrownBy(() -> ConfigDirectoryReader.read(dir.resolve("nope"), ReadOptions.defaults()))
                .isInstanceOf(ConfigDirectoryException.class).hasMessageContaining("is not a directory");
    }

    @Test
    void a_node_that_is_not_under_nodes_is_refused_instead_of_read_without_its_host_file(@TempDir Path dir)
            throws IOException {
        // Given
        Files.createDirectories(dir.resolve("nodes/pve1"));
        Files.writeString(dir.resolve("nodes/pve1/host.fw"), "[RULES]\nIN ACCEPT -p tcp -dport 22\n");

        // Then
        assertThatThrownBy(() -> ConfigDirectoryReader.read(dir, new ReadOptions("pve-1", null, List.of(), null, null)))
                .isInstanceOf(ConfigDirectoryException.class)
                .hasMessageContaining("has no node 'pve-1' (it has pve1); choose one of them with --node");
        assertThat(ConfigDirectoryReader.read(dir, new ReadOptions("pve1", null, List.of(), null, null)).host().rules())
                .hasSize(1);
    }

    @Test
    void a_firewall_file_that_is_a_directory_is_a_warning_naming_it_not_silence(@TempDir Path dir) throws IOException {
        // Given: cluster.fw, host.fw and 101.fw are directories, as a bad copy or mount can leave them
        Files.createDirectories(dir.resolve("firewall/cluster.fw"));
        Files.createDirectories(dir.resolve("firewall/101.fw"));
        Files.createDirectories(dir.resolve("nodes/pve1/host.fw"));

        // When
        Ruleset r = ConfigDirectoryReader.read(dir, ReadOptions.defaults());

        // Then
        assertThat(r.guests()).isEmpty();
        assertThat(r.warnings()).extracting(ParseWarning::file, ParseWarning::message).contains(
                org.assertj.core.groups.Tuple.tuple("firewall/cluster.fw",
                        "a directory, not a firewall file: pve-firewall reads nothing from it, as if it were absent"),
                org.assertj.core.groups.Tuple.tuple("firewall/cluster.fw",
                        "cluster.fw not read: without 'enable: 1' in it pve-firewall builds no rules at all"),
                org.assertj.core.groups.Tuple.tuple("nodes/pve1/host.fw",
                        "a directory, not a firewall file: pve-firewall reads nothing from it, as if it were absent"),
                org.assertj.core.groups.Tuple.tuple("firewall/101.fw",
                        "a directory, not a firewall file: pve-firewall reads nothing from it, as if it were absent"));
    }

    @Test
    void a_firewall_file_that_is_a_link_to_nowhere_is_a_warning_naming_it_not_silence(@TempDir Path dir)
            throws IOException {
        // Given: 102.fw links to a file the copy left behind, cluster.fw and host.fw are links to each other
        Files.createDirectories(dir.resolve("firewall"));
        Files.createDirectories(dir.resolve("nodes/pve1"));
        Files.createSymbolicLink(dir.resolve("firewall/102.fw"), dir.resolve("elsewhere/102.fw"));
        Files.createSymbolicLink(dir.resolve("firewall/cluster.fw"), dir.resolve("nodes/pve1/host.fw"));
        Files.createSymbolicLink(dir.resolve("nodes/pve1/host.fw"), dir.resolve("firewall/cluster.fw"));

        // When
        Ruleset r = ConfigDirectoryReader.read(dir, ReadOptions.defaults());

        // Then
        String nowhere = "a symbolic link that leads nowhere (a loop, or a target that is missing): nothing is read from "
                + "it, as if it were absent";
        assertThat(r.guests()).isEmpty();
        assertThat(r.warnings()).extracting(ParseWarning::file, ParseWarning::message).contains(
                org.assertj.core.groups.Tuple.tuple("firewall/102.fw", nowhere),
                org.assertj.core.groups.Tuple.tuple("firewall/cluster.fw", nowhere),
                org.assertj.core.groups.Tuple.tuple("firewall/cluster.fw",
                        "cluster.fw not read: without 'enable: 1' in it pve-firewall builds no rules at all"),
                org.assertj.core.groups.Tuple.tuple("nodes/pve1/host.fw", nowhere));
    }

    @Test
    void a_guest_file_without_a_guest_configuration_assumes_one_firewalled_nic(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("105.fw"), "[OPTIONS]\nenable: 1\n");
        Files.write(dir.resolve("106.fw"), new byte[] {'[', 'R', 'U', 'L', 'E', 'S', ']', '\n', (byte) 0xff, '\n'});

        // When
        Ruleset r = ConfigDirectoryReader.read(dir, ReadOptions.defaults());

        // Then
        assertThat(r.layout()).isEqualTo(Ruleset.Layout.FLAT);
        assertThat(r.inventory().byVmid(105).orElseThrow().nics().get(0).firewall()).isTrue();
        assertThat(r.warnings()).extracting(ParseWarning::message).anyMatch(m -> m.contains("assuming one NIC net0"));
        assertThat(r.guest(106).orElseThrow().warnings()).hasSize(1);
    }

    @Test
    void a_file_named_by_a_number_that_is_no_vmid_is_a_warning_not_a_crash(@TempDir Path dir) throws IOException {
        // Given: a stray 99999999999.fw and 88888888888.conf (VMIDs go from 100 to 999999999)
        Files.createDirectories(dir.resolve("firewall"));
        Files.createDirectories(dir.resolve("nodes/pve1/lxc"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("firewall/101.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("firewall/99999999999.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("nodes/pve1/lxc/101.conf"), "net0: name=eth0,bridge=vmbr0,firewall=1\n");
        Files.writeString(dir.resolve("nodes/pve1/lxc/88888888888.conf"), "net0: name=eth0,bridge=vmbr0\n");

        // When
        Ruleset r = ConfigDirectoryReader.read(dir, ReadOptions.defaults());

        // Then
        assertThat(r.guests()).extracting(FwFile::vmid).containsExactly(101);
        assertThat(r.inventory().guests()).extracting(Guest::vmid).containsExactly(101);
        assertThat(r.warnings()).extracting(ParseWarning::file, ParseWarning::message).contains(
                org.assertj.core.groups.Tuple.tuple("firewall/99999999999.fw",
                        "not a guest file: 99999999999 is no VMID (100 to 999999999); pve-firewall does not read it"),
                org.assertj.core.groups.Tuple.tuple("nodes/pve1/lxc/88888888888.conf",
                        "not a guest file: 88888888888 is no VMID (100 to 999999999); pve-firewall does not read it"));
    }

    @Test
    void a_guest_file_named_with_a_leading_zero_is_not_read_nor_taken_for_the_guests_own(@TempDir Path dir)
            throws IOException {
        // Given: 0101.fw beside 101.fw, and 0101.conf beside 101.conf; pve-firewall opens <vmid>.fw of the guests
        // pmxcfs lists, and pmxcfs's name_is_vm_config takes no name starting with 0 (pve-cluster memdb.c)
        Files.createDirectories(dir.resolve("firewall"));
        Files.createDirectories(dir.resolve("nodes/pve1/lxc"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("firewall/101.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nIN DROP -p tcp -dport 22\n");
        Files.writeString(dir.resolve("firewall/0101.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT\n");
        Files.writeString(dir.resolve("nodes/pve1/lxc/101.conf"), "net0: name=eth0,bridge=vmbr0,firewall=1\n");
        Files.writeString(dir.resolve("nodes/pve1/lxc/0101.conf"), "net0: name=eth0,bridge=vmbr9,firewall=0\n");

        // When
        Ruleset r = ConfigDirectoryReader.read(dir, ReadOptions.defaults());

        // Then: guest 101 is 101.fw and 101.conf only; 0101.fw stood in for 101.fw, its ACCEPT deciding every trace
        assertThat(r.guests()).extracting(FwFile::path).containsExactly("firewall/101.fw");
        assertThat(r.guest(101).orElseThrow().rules()).extracting(Rule::text).containsExactly("IN DROP -p tcp -dport 22");
        assertThat(r.inventory().byVmid(101).orElseThrow().nics().get(0).bridge()).isEqualTo("vmbr0");
        assertThat(r.warnings()).extracting(ParseWarning::file, ParseWarning::message).contains(
                org.assertj.core.groups.Tuple.tuple("firewall/0101.fw", "not a guest file: a VMID has no leading zero, "
                        + "so pve-firewall does not read it (guest 101's file is 101.fw)"),
                org.assertj.core.groups.Tuple.tuple("nodes/pve1/lxc/0101.conf", "not a guest file: a VMID has no "
                        + "leading zero, so pve-firewall does not read it (guest 101's file is 101.conf)"));
    }

    @Test
    void a_fw_file_of_another_name_in_the_firewall_folder_is_said_not_to_be_read(@TempDir Path dir) throws IOException {
        // Given: a guest's rules saved as vm101.fw and as 101-web.fw; pve-firewall reads cluster.fw and <vmid>.fw only
        Files.createDirectories(dir.resolve("firewall"));
        Files.createDirectories(dir.resolve("nodes/pve1"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("firewall/vm101.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("firewall/101-web.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("firewall/101.fw.bak"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("nodes/pve1/host.fw"), "[OPTIONS]\nenable: 1\n");

        // When
        Ruleset r = ConfigDirectoryReader.read(dir, ReadOptions.defaults());

        // Then: one warning each, naming what pve-firewall does read; a backup (not .fw) is left alone
        assertThat(r.guests()).isEmpty();
        assertThat(r.warnings()).extracting(ParseWarning::file, ParseWarning::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("firewall/101-web.fw",
                        "not read: pve-firewall reads cluster.fw and a guest's <vmid>.fw (100.fw) here, no other file"),
                org.assertj.core.groups.Tuple.tuple("firewall/vm101.fw",
                        "not read: pve-firewall reads cluster.fw and a guest's <vmid>.fw (100.fw) here, no other file"));
    }

    @Test
    void the_firewall_or_a_node_folder_of_an_etc_pve_copy_is_refused_naming_the_directory_to_give(@TempDir Path dir)
            throws IOException {
        // Given: /etc/pve with a host rule; read as a flat folder its firewall/ would lose host.fw and every guest's NICs
        Files.createDirectories(dir.resolve("firewall"));
        Files.createDirectories(dir.resolve("nodes/pve1/lxc"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("nodes/pve1/host.fw"), "[RULES]\nIN DROP -p udp -dport 53\n");

        // Then
        assertThatThrownBy(() -> ConfigDirectoryReader.read(dir.resolve("firewall"), ReadOptions.defaults()))
                .isInstanceOf(ConfigDirectoryException.class)
                .hasMessageContaining("is the firewall folder of the Proxmox configuration directory " + dir)
                .hasMessageContaining("give " + dir);
        assertThatThrownBy(() -> ConfigDirectoryReader.read(dir.resolve("nodes/pve1"), ReadOptions.defaults()))
                .isInstanceOf(ConfigDirectoryException.class)
                .hasMessageContaining("is the folder of node pve1 of the Proxmox configuration directory " + dir)
                .hasMessageContaining("give " + dir + " (with --node pve1)");
        assertThat(ConfigDirectoryReader.read(dir, ReadOptions.defaults()).host().rules()).hasSize(1);
    }
}
