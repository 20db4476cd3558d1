package ai.thinkheads.droptrace.cli.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.probes.config.ConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MustWorkFlowsTest {

    @Test
    void the_phoenix_probe_configuration_names_the_flows_its_guest_probes_check() {
        // When
        var flows = MustWorkFlows.of(ConfigLoader.load(Path.of("..", "deploy", "phoenix", "phoenix.yaml")));
        // Then: guest-to-guest and guest-to-host probes; exec, file and local probes have no flow
        assertThat(flows).contains(
                new FlowKey("10.0.0.153", "10.0.0.12", "tcp", 80),
                new FlowKey("10.0.0.153", "10.0.0.12", "tcp", 8443),
                new FlowKey("10.0.0.12", "10.0.0.10", "tcp", 9000),
                new FlowKey("10.0.0.10", "10.0.0.13", "udp", 53),
                new FlowKey("10.0.0.10", "10.0.0.13", "tcp", 53));
        assertThat(flows).noneMatch(f -> f.source().equals("-") || f.port() == 0);
        assertThat(flows).as("two probes share a flow with another").hasSize(10);
    }

    @Test
    void probes_run_from_this_machine_are_said_to_be_no_must_work_flow_with_how_to_name_them() {
        // When
        var plan = ConfigLoader.load(Path.of("..", "deploy", "phoenix", "phoenix.yaml"));
        // Then: the Step-CA checks and the dashboard's certificate run from the hypervisor itself
        assertThat(MustWorkFlows.unwatched(plan)).containsExactly("stepca-health", "stepca-acme-provisioner",
                "stepca-serves-exported-root", "traefik-dashboard-cert");
        assertThat(MustWorkFlows.unwatchedNote(plan)).contains("4 probes run from this machine (stepca-health, "
                + "stepca-acme-provisioner, stepca-serves-exported-root, traefik-dashboard-cert): their source address "
                + "is only known when they run, so a drop on their path is no must-work alert; name the flow with "
                + "--must-work SRC,DST,PROTO,PORT (up: correlator.mustWork)");
    }

    @Test
    void a_guest_probe_to_a_destination_of_another_ip_version_than_its_addresses_is_no_flow_and_is_said(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // Given: a guest whose configuration gives it only an IPv6 address, probing an IPv4 and an IPv6 destination
        Path config = java.nio.file.Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve, addresses: [10.0.0.13]}
                  guests:
                    - {vmid: 101, name: nginx, type: lxc, addresses: ['fd00:10::153']}
                probes:
                  - {id: web4, from: nginx, to: 10.0.0.12, kind: tcp, port: 80}
                  - {id: web6, from: nginx, to: 'fd00:10::12', kind: tcp, port: 80}
                """);
        // When
        var plan = ConfigLoader.load(config);
        // Then: no flow of an IPv6 source and an IPv4 destination, which no log line has
        assertThat(MustWorkFlows.of(plan)).containsExactly(new FlowKey("fd00:10::153", "fd00:10::12", "tcp", 80));
        assertThat(MustWorkFlows.unwatchedNote(plan)).contains("the configuration gives the origin of 1 probe (web4) "
                + "no address of its destination's IP version, the one its packets leave from, so a drop on its path is "
                + "no must-work alert; name the flow with --must-work SRC,DST,PROTO,PORT (up: correlator.mustWork)");
    }

    @Test
    void a_plan_whose_paths_are_all_watched_has_no_note(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // Given: a guest probe and a local check without a destination (a file)
        Path config = java.nio.file.Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve, addresses: [10.0.0.13]}
                  guests:
                    - {vmid: 101, name: nginx, type: lxc, addresses: [10.0.0.153]}
                    - {vmid: 102, name: traefik, type: lxc, addresses: [10.0.0.12]}
                probes:
                  - {id: web, from: nginx, to: traefik, kind: tcp, port: 80}
                  - {id: root, kind: file, file: {path: /etc/hostname}}
                """);
        // When
        var plan = ConfigLoader.load(config);
        // Then
        assertThat(MustWorkFlows.of(plan)).containsExactly(new FlowKey("10.0.0.153", "10.0.0.12", "tcp", 80));
        assertThat(MustWorkFlows.unwatched(plan)).isEmpty();
        assertThat(MustWorkFlows.unwatchedNote(plan)).isEmpty();
    }
}
