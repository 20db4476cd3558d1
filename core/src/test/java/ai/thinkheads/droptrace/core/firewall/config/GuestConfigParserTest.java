package ai.thinkheads.droptrace.core.firewall.config;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestConfigParserTest {

    @Test
    void a_container_config_gives_its_nics_macs_firewall_flags_and_addresses() {
        // When
        Guest g = GuestConfigParser.parse("lxc/101.conf", 101, GuestType.LXC, "phoenix", """
                arch: amd64
                hostname: Nginx-Phoenix
                net0: name=eth0,bridge=vmbr0,firewall=1,gw=10.0.0.1,hwaddr=52:54:00:67:89:B3,ip=10.0.0.153/24,type=veth
                net1: name=eth1,bridge=vmbr1,hwaddr=02:00:00:00:01:01,ip=dhcp,ip6=2001:db8::153/64
                [snapshot]
                net2: name=eth2,bridge=vmbr2,firewall=1
                """).guest();

        // Then
        assertThat(g.name()).isEqualTo("Nginx-Phoenix");
        assertThat(g.node()).isEqualTo("phoenix");
        assertThat(g.nics()).containsExactly(
                new Nic(0, "vmbr0", true, "52:54:00:67:89:b3", List.of("10.0.0.153")),
                new Nic(1, "vmbr1", false, "02:00:00:00:01:01", List.of("2001:db8::153")));
    }

    @Test
    void a_firewall_flag_written_as_yes_true_or_on_is_a_firewalled_nic_as_pve_common_reads_it() {
        // When: parse_property_string reads a boolean with parse_boolean, 1|on|yes|true in any case (pve-common
        // PVE::JSONSchema), and pve-firewall builds the chains of every NIC whose firewall is then true
        Guest g = GuestConfigParser.parse("qemu-server/100.conf", 100, GuestType.QEMU, null, """
                net0: virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=yes
                net1: virtio=BC:24:11:00:00:02,bridge=vmbr0,firewall=True
                net2: virtio=BC:24:11:00:00:03,bridge=vmbr0,firewall=on
                net3: virtio=BC:24:11:00:00:04,bridge=vmbr0,firewall=no
                net4: virtio=BC:24:11:00:00:05,bridge=vmbr0,firewall=0
                """).guest();

        // Then
        assertThat(g.nics()).extracting(Nic::firewall).containsExactly(true, true, true, false, false);
    }

    @Test
    void a_vm_config_takes_the_mac_from_the_model_and_addresses_from_cloud_init() {
        // When
        GuestConfigParser.Result r = GuestConfigParser.parse("qemu-server/1001.conf", 1001, GuestType.QEMU, null, """
                name: Portainer
                net0: virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1,tag=10
                ipconfig0: ip=10.0.0.111/24,gw=10.0.0.1
                garbage line
                """);

        // Then
        assertThat(r.guest().nics()).containsExactly(new Nic(0, "vmbr0", true, "bc:24:11:aa:bb:cc", List.of("10.0.0.111")));
        assertThat(r.warnings()).extracting(ParseWarning::line).containsExactly(4);
    }

    @Test
    void a_nic_number_proxmox_does_not_have_is_a_warning_not_a_crash() {
        // When: net0 to net31 exist; a hand-edited net32 or a number beyond int is no NIC
        GuestConfigParser.Result r = GuestConfigParser.parse("qemu-server/102.conf", 102, GuestType.QEMU, null, """
                net0: virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1
                net32: virtio=BC:24:11:AA:BB:CD,bridge=vmbr0,firewall=1
                net99999999999: virtio=BC:24:11:AA:BB:CE,bridge=vmbr0,firewall=1
                ipconfig99999999999: ip=10.0.0.5/24
                """);

        // Then
        assertThat(r.guest().nics()).extracting(Nic::index).containsExactly(0);
        assertThat(r.warnings()).extracting(ParseWarning::line, ParseWarning::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "not a NIC: Proxmox guests have net0 to net31; line skipped"),
                org.assertj.core.groups.Tuple.tuple(3, "not a NIC: Proxmox guests have net0 to net31; line skipped"),
                org.assertj.core.groups.Tuple.tuple(4, "not a NIC: Proxmox guests have ipconfig0 to ipconfig31; line skipped"));
    }

    @Test
    void corosync_gives_the_transport_and_every_ring_address() {
        // When
        CorosyncConfig c = CorosyncConfigParser.parse("""
                nodelist {
                  node {
                    name: a
                    ring0_addr: 10.0.0.1
                    ring1_addr: 10.1.0.1
                  }
                  node {
                    name: b
                    ring0_addr: 10.0.0.2
                  }
                }
                totem {
                  transport: udp
                  interface {
                    linknumber: 0
                  }
                }
                """);

        // Then
        assertThat(c.multicast()).isTrue();
        assertThat(c.nodes()).extracting(CorosyncConfig.Node::name).containsExactly("a", "b");
        assertThat(c.nodes().get(0).rings()).containsEntry("ring1_addr", "10.1.0.1");
    }
}
