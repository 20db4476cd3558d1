package ai.thinkheads.droptrace.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code rules verify} sends a probe's packets from: the host the probe configuration names. */
class RulesVerifySourceTest {

    @Test
    void a_local_probe_is_traced_through_the_hosts_outbound_chain_at_the_address_the_probe_configuration_gives(
            @TempDir Path dir) throws IOException {
        // Given a host whose outbound policy drops, no corosync.conf naming its address, and a guest open on port 80
        Files.createDirectories(dir.resolve("firewall"));
        Files.createDirectories(dir.resolve("nodes/pve1/lxc"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\npolicy_out: DROP\n");
        Files.writeString(dir.resolve("firewall/102.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 80\n");
        Files.writeString(dir.resolve("nodes/pve1/lxc/102.conf"),
                "hostname: traefik\nnet0: name=eth0,bridge=vmbr0,firewall=1,ip=10.0.0.12/24,type=veth\n");
        Path probes = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve1, addresses: [10.0.0.13]}
                  guests:
                    - {vmid: 102, name: traefik, type: lxc, node: pve1, addresses: [10.0.0.12]}
                probes:
                  - {id: host-to-traefik, from: local, to: traefik, kind: tcp, port: 80}
                """);

        // When
        CliRun verify = CliRun.of("rules", "verify", "--config", probes.toString(), "--config-dir", dir.toString());
        CliRun trace = CliRun.of("trace", "--config-dir", dir.toString(), "--from", "host", "--to", "ct102",
                "--dport", "80");

        // Then: as trace from the host says, PVEFW-HOST-OUT's policy drops it; 10.0.0.13 was read as 'outside'
        assertThat(trace.exitCode()).isEqualTo(ExitCodes.PATH_DROPPED);
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(verify.out()).contains("tcp 10.0.0.13 -> 10.0.0.12:80", "DROP", "policy DROP firewall/cluster.fw:3",
                "host-to-traefik must work but is dropped: policy DROP of PVEFW-HOST-OUT");
    }

    @Test
    void a_local_probe_to_a_guest_on_the_internal_bridge_is_traced_from_the_hosts_address_on_that_bridge(@TempDir Path dir)
            throws IOException {
        // Given the newest Phoenix layout: the host on vmbr0 (10.0.0.13/24) and, as gateway of the internal bridge,
        // 172.16.100.1; Step-CA (103) on the internal bridge lets only the host's address there reach :9000
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"name": "vmbr0", "address": "10.0.0.13/24"},
                             "internal_bridge": {"name": "vmbr100", "subnet": "172.16.100.0/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "default_output_policy": "ACCEPT",
                              "global_firewall_rules": []}}
                """);
        Files.writeString(etc.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {"103": {"name": "Step-CA",
                  "network_config": {"name": "eth0", "bridge": "vmbr100", "ip": "172.16.100.11/24", "gw": "172.16.100.1"},
                  "firewall": {"enabled": true, "rules": [
                    {"type": "in", "action": "ACCEPT", "source": "172.16.100.1", "proto": "tcp", "port": "9000"}]}}}}
                """);
        Path probes = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: phoenix, addresses: [10.0.0.13, 172.16.100.1]}
                  guests:
                    - {vmid: 103, name: step-ca, type: lxc, node: phoenix, addresses: [172.16.100.11]}
                probes:
                  - {id: stepca-health, to: step-ca, kind: tcp, port: 9000}
                """);

        // When
        CliRun verify = CliRun.of("rules", "verify", "--config", probes.toString(), "--phoenix-etc", etc.toString());

        // Then: the host sends from its address on the guest's network, which 103's rule lets through
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("tcp 172.16.100.1 -> 172.16.100.11:9000", "ACCEPT");
        assertThat(verify.err()).contains("stepca-health: runs local; traced from the host 172.16.100.1");
    }

    @Test
    void a_probe_run_in_a_guest_listed_without_addresses_is_traced_from_the_guest_not_from_the_host(@TempDir Path dir)
            throws IOException {
        // Given nginx-phoenix (ct101, 10.0.0.153 in its lxc configuration) listed without addresses, and a guest
        // that is nowhere given an address
        Path probes = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: phoenix, addresses: [10.0.0.13]}
                  guests:
                    - {vmid: 101, name: nginx-phoenix, type: lxc, node: phoenix}
                    - {vmid: 102, name: traefik-internal, type: lxc, node: phoenix, addresses: [10.0.0.12]}
                    - {vmid: 1009, name: scratch, type: qemu, node: phoenix}
                exec:
                  prefixes:
                    lxc: [pct, exec, "{vmid}", --]
                    qemu: [qm, guest, exec, "{vmid}", --]
                probes:
                  - {id: nginx-to-traefik-web, from: nginx-phoenix, to: traefik-internal, kind: tcp, port: 80}
                  - {id: scratch-to-traefik, from: scratch, to: traefik-internal, kind: tcp, port: 80}
                """);

        // When
        CliRun verify = CliRun.of("rules", "verify", "--config", probes.toString(), "--config-dir",
                RulesCommandTest.PHOENIX.toString());
        CliRun trace = CliRun.of("trace", "--config-dir", RulesCommandTest.PHOENIX.toString(), "--from", "ct101",
                "--to", "ct102", "--dport", "80");

        // Then: the path ct101 -> ct102:80 is accepted, as trace says; it was traced from the host 10.0.0.13 and
        // reported dropped by 102's policy, with a fix for the host's address
        assertThat(trace.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("tcp 10.0.0.153 -> 10.0.0.12:80", "ACCEPT", "rule firewall/102.fw:")
                .doesNotContain("10.0.0.13");
        assertThat(verify.err()).contains("nginx-to-traefik-web: runs in nginx-phoenix, whose address the probe "
                        + "configuration does not give; traced from 10.0.0.153, its address in the guest configuration",
                "scratch-to-traefik: runs in scratch, whose address neither the probe configuration nor the guest "
                        + "configuration gives; not traced")
                .doesNotContain("traced from the host");
    }

    @Test
    void a_probe_from_a_guest_listed_with_an_address_of_the_other_ip_version_is_traced_from_the_guests_own(
            @TempDir Path dir) throws IOException {
        // Given nginx-phoenix (ct101, 10.0.0.153 in its lxc configuration) listed with an IPv6 address only, probing
        // traefik-internal's IPv4 address
        Path probes = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: phoenix, addresses: [10.0.0.13]}
                  guests:
                    - {vmid: 101, name: nginx-phoenix, type: lxc, node: phoenix, addresses: ['fd00:10::153']}
                    - {vmid: 102, name: traefik-internal, type: lxc, node: phoenix, addresses: [10.0.0.12]}
                probes:
                  - {id: nginx-to-traefik-web, from: nginx-phoenix, to: traefik-internal, kind: tcp, port: 80}
                """);

        // When
        CliRun verify = CliRun.of("rules", "verify", "--config", probes.toString(), "--config-dir",
                RulesCommandTest.PHOENIX.toString());

        // Then: an IPv4 packet leaves from the guest's IPv4 address, not from fd00:10::153 (a flow of an IPv6 source
        // and an IPv4 destination, which no packet has)
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("tcp 10.0.0.153 -> 10.0.0.12:80", "ACCEPT").doesNotContain("fd00:10::153");
        assertThat(verify.err()).contains("nginx-to-traefik-web: runs in nginx-phoenix, whose address of the "
                + "destination's IP version the probe configuration does not give; traced from 10.0.0.153, its address "
                + "in the guest configuration");
    }

    @Test
    void a_local_probe_to_an_ipv6_address_is_traced_from_the_hosts_ipv6_address(@TempDir Path dir) throws IOException {
        // Given a dual-stack host and guest; the guest accepts port 80 from the host's IPv6 address only
        Files.createDirectories(dir.resolve("firewall"));
        Files.createDirectories(dir.resolve("nodes/pve1/lxc"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("firewall/102.fw"),
                "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -source fd00::13 -p tcp -dport 80\n");
        Files.writeString(dir.resolve("nodes/pve1/lxc/102.conf"), "hostname: traefik\n"
                + "net0: name=eth0,bridge=vmbr0,firewall=1,ip=10.0.0.12/24,ip6=fd00::12/64,type=veth\n");
        Path probes = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve1, addresses: [10.0.0.13, "fd00::13"]}
                probes:
                  - {id: local-v6, to: "fd00::12", kind: tcp, port: 80}
                """);

        // When
        CliRun verify = CliRun.of("rules", "verify", "--config", probes.toString(), "--config-dir", dir.toString());

        // Then: as a probe from: host is, not from 10.0.0.13, which no IPv6 packet leaves from ("cannot trace: source
        // 10.0.0.13 and destination fd00::12 are of different IP versions", counted as blocked, exit 5)
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("tcp fd00::13 -> [fd00::12]:80", "ACCEPT", "rule firewall/102.fw:5");
        assertThat(verify.err()).contains("local-v6: runs local; traced from the host fd00::13");
    }

    @Test
    void a_path_the_tracer_cannot_walk_is_counted_as_not_traceable_not_as_blocked(@TempDir Path dir) throws IOException {
        // Given an IPv4-only host and a local probe to an IPv6 address
        Files.createDirectories(dir.resolve("firewall"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Path probes = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve1, addresses: [10.0.0.13]}
                probes:
                  - {id: local-v6, to: "fd00::12", kind: tcp, port: 80}
                  - {id: local-v4, to: "10.0.0.12", kind: tcp, port: 80}
                """);

        // When
        CliRun verify = CliRun.of("rules", "verify", "--config", probes.toString(), "--config-dir", dir.toString());

        // Then: a must-work path not proven still fails the check; the summary said "1 blocked, 1 must-work path(s)
        // blocked" for it
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(verify.out()).contains("local-v6 must work but is not traceable",
                "2 path(s) in " + dir + ": 1 allowed, 0 blocked, 1 not traceable, 0 must-work path(s) blocked;");
    }

    @Test
    void a_local_probe_is_traced_from_the_host_address_given_with_host_address(@TempDir Path dir) throws IOException {
        // Given a host whose outbound policy drops, and a probe configuration naming another address for it
        Files.createDirectories(dir.resolve("firewall"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\npolicy_out: DROP\n");
        Path probes = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve1, addresses: [10.0.0.13]}
                probes:
                  - {id: local-web, to: 10.0.0.50, kind: tcp, port: 443}
                """);

        // When
        CliRun verify = CliRun.of("rules", "verify", "--config", probes.toString(), "--config-dir", dir.toString(),
                "--host-address", "10.0.0.99");

        // Then: from 10.0.0.99, through PVEFW-HOST-OUT; it was traced from 10.0.0.13, which --host-address makes
        // 'outside', so the host's outbound policy was passed over and the path read as allowed
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(verify.out()).contains("tcp 10.0.0.99 -> 10.0.0.50:443", "policy DROP firewall/cluster.fw:3");
        assertThat(verify.err()).contains("local-web: runs local; traced from the host 10.0.0.99");
    }
}
