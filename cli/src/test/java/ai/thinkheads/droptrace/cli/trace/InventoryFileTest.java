package ai.thinkheads.droptrace.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --inventory FILE}: the guests and host addresses as a user writes them. */
class InventoryFileTest {

    private static final String NIC = "{\"index\": 0, \"bridge\": \"vmbr0\", \"firewall\": true, \"addresses\": [%s]}";

    @TempDir
    Path dir;

    private CliRun trace(String inventory) throws IOException {
        Path file = Files.writeString(dir.resolve("inventory.json"), inventory);
        return CliRun.of("trace", "--config-dir", TraceCommandTest.PHOENIX, "--inventory", file.toString(),
                "--from", "ct101", "--to", "outside", "--dest", "192.0.2.1", "-p", "tcp", "--dport", "443");
    }

    @Test
    void an_inventory_without_host_addresses_is_read_and_its_guest_addresses_are_used() throws IOException {
        // When
        CliRun run = trace("{\"hostName\": \"phoenix\", \"guests\": [{\"vmid\": 101, \"type\": \"LXC\", \"nics\": ["
                + NIC.formatted("\"10.0.0.153\"") + "]}]}");

        // Then
        assertThat(run.err()).doesNotContain("cannot read inventory");
        assertThat(run.out()).contains("packet   tcp 10.0.0.153 -> 192.0.2.1:443 (ct101 -> outside)");
    }

    @Test
    void a_guest_type_written_as_proxmox_writes_it_lxc_or_qemu_is_read() throws IOException {
        // When: the type as pvesh and the configuration paths name it, lower case
        CliRun run = trace("{\"hostName\": \"phoenix\", \"guests\": [{\"vmid\": 101, \"type\": \"lxc\", \"nics\": ["
                + NIC.formatted("\"10.0.0.153\"") + "]}, {\"vmid\": 102, \"type\": \"qemu\", \"nics\": []}]}");

        // Then: not "'lxc' is not one of lxc, qemu"
        assertThat(run.err()).doesNotContain("cannot read inventory");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("packet   tcp 10.0.0.153 -> 192.0.2.1:443 (ct101 -> outside)");
    }

    @Test
    void a_guest_type_that_is_neither_is_one_line_naming_both() throws IOException {
        // When
        CliRun run = trace("{\"hostName\": \"phoenix\", \"guests\": [{\"vmid\": 101, \"type\": \"openvz\", \"nics\": []}]}");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).contains("guests[0].type: 'openvz' is not one of lxc, qemu");
    }

    @Test
    void a_guest_without_nics_is_one_line_naming_the_guest_not_jacksons_message() throws IOException {
        // When
        CliRun run = trace("{\"hostName\": \"phoenix\", \"hostAddresses\": [],\n"
                + " \"guests\": [{\"vmid\": 101, \"type\": \"LXC\"}]}");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).contains("inventory.json: guests[0]: nics is required")
                .doesNotContain("Cannot construct", "ai.thinkheads", "coll");
    }

    @Test
    void an_address_that_is_none_is_a_configuration_error_not_a_guest_without_address() throws IOException {
        // When
        CliRun run = trace("{\"hostName\": \"phoenix\", \"guests\": [{\"vmid\": 101, \"type\": \"LXC\", \"nics\": ["
                + NIC.formatted("\"10.0.0.153\", \"not-an-ip\"") + "]}]}");

        // Then: not the guest traced from simulate's made-up 100.100.1.2
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).contains("inventory.json: guests[0].nics[0].addresses: 'not-an-ip' is not an IP address");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_nic_index_given_twice_for_one_guest_is_one_line_naming_it_not_one_nic_chosen_silently() throws IOException {
        // When: two net0 for guest 101, the second on another bridge without firewall
        CliRun run = trace("{\"hostName\": \"phoenix\", \"guests\": [{\"vmid\": 101, \"type\": \"LXC\", \"nics\": ["
                + NIC.formatted("\"10.0.0.153\"") + ", {\"index\": 0, \"bridge\": \"vmbr1\", \"firewall\": false, "
                + "\"addresses\": [\"10.0.0.77\"]}]}]}");

        // Then: not traced through one net0 while rules check reads the other
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).contains("inventory.json: guests[0]: guest 101 lists net0 more than once");
        assertThat(run.out()).isEmpty();
    }
}
