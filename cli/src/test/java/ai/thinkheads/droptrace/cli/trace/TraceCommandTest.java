package ai.thinkheads.droptrace.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCommandTest {

    static final String PHOENIX = Path.of("..", "deploy", "examples", "firewall", "phoenix").toString();

    @Test
    void a_dropped_path_names_the_policy_says_it_is_not_logged_and_exits_with_the_drop_code() {
        // When
        CliRun run = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "-p", "tcp",
                "--dport", "8443");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.PATH_DROPPED);
        assertThat(run.out()).contains("action   DROP",
                "policy   DROP of veth102i0-IN: policy_in not set in firewall/102.fw (default DROP)",
                "logged   no: the policy's log level log_level_in is not set (default nolog)",
                "firewall/102.fw: log_level_in: info",
                "fix      if this path should work, add at the end of [RULES] of firewall/102.fw: "
                        + "IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443");
        assertThat(run.err()).contains("'droptrace rules check' lists them");
    }

    @Test
    void a_guest_named_with_the_other_types_prefix_is_traced_as_what_it_is_and_said_so() {
        // When: 102 is a container, 1001 a VM; a VMID names one guest whichever prefix is written
        CliRun run = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "vm101", "--to", "vm102", "-p", "tcp",
                "--dport", "8443");
        CliRun vm = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct1001", "-p", "tcp",
                "--dport", "9443");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.PATH_DROPPED);
        assertThat(run.out()).contains("packet   tcp 10.0.0.153 -> 10.0.0.12:8443 (ct101 -> ct102)",
                "assumed  vm101: guest 101 is a container (ct101)", "vm102: guest 102 is a container (ct102)");
        assertThat(vm.out()).contains("(ct101 -> vm1001)", "ct1001: guest 1001 is a VM (vm1001)");
    }

    @Test
    void a_mistake_of_the_packet_is_one_usage_line_said_before_the_configuration_is_read(@TempDir Path dir) {
        // When: a port no packet has, on a configuration with a note to say, and where there is no configuration
        CliRun port = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "--dport", "99999");
        CliRun noTo = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101");
        CliRun emptyLine = CliRun.of("trace", "--config-dir", PHOENIX, "--log-line", " ");
        CliRun noConfig = CliRun.of("trace", "--config-dir", dir.resolve("pve").toString(), "--from", "ct101", "--to",
                "ct102", "-p", "icmp", "--dport", "22");

        // Then: the mistake alone, not after the configuration's note, nor hidden by a directory that is not there
        assertThat(port.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(port.err()).isEqualTo("droptrace: --dport 99999 is not a port (0-65535)\n");
        assertThat(noTo.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTo.err()).isEqualTo("droptrace: give --to (or --dest)\n");
        assertThat(emptyLine.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(emptyLine.err()).isEqualTo("droptrace: --log-line is empty: give a pve-firewall.log line\n");
        assertThat(noConfig.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noConfig.err()).isEqualTo("droptrace: --dport needs a protocol with ports (tcp, udp, udplite, dccp, "
                + "sctp), not icmp\n");
    }

    @Test
    void an_unknown_zone_is_a_usage_error_that_lists_the_forms_without_a_class_name() {
        // When
        CliRun run = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "nowhere", "-p", "tcp",
                "--dport", "8443");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Invalid value for option '--to': unknown zone 'nowhere': use host, outside")
                .doesNotContain("Exception");
    }

    @Test
    void a_nic_number_beyond_any_nic_is_an_unknown_zone_not_a_number_format_message() {
        // When
        CliRun run = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101i99999999999", "--to", "ct102");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown zone 'ct101i99999999999': use host, outside")
                .doesNotContain("For input string");
    }

    @Test
    void packet_options_given_with_a_log_line_are_a_usage_error_not_ignored() {
        // When: a log line to attribute, and --from/--dport as if they narrowed it
        CliRun run = CliRun.of("trace", "--config-dir", PHOENIX, "--log-line", "x", "--from", "ct101", "-p", "udp",
                "--dport", "53");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo("droptrace: --from, --proto, --dport describe a packet to trace;"
                + " --log-line and --log-file take the packet from each line: give one or the other");
        CliRun one = CliRun.of("trace", "--config-dir", PHOENIX, "--log-line", "x", "--dport", "22");
        assertThat(one.err().strip()).startsWith("droptrace: --dport describes a packet to trace;");
    }

    @Test
    void a_port_out_of_range_is_a_usage_error() {
        // When
        CliRun run = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "-p", "tcp",
                "--dport", "70000");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--dport 70000 is not a port (0-65535)");
    }

    @Test
    void a_port_icmp_type_or_tcp_flags_the_protocol_has_not_is_a_usage_error_not_left_out_of_the_packet() {
        // When
        CliRun port = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "-p", "icmp",
                "--dport", "22");
        CliRun type = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "-p", "tcp",
                "--icmp-type", "8");
        CliRun flags = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "-p", "udp",
                "--dport", "53", "--tcp-flags", "SYN");

        // Then
        assertThat(port.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(port.err()).contains("--dport needs a protocol with ports (tcp, udp, udplite, dccp, sctp), not icmp");
        assertThat(type.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(type.err()).contains("--icmp-type needs -p icmp or -p icmpv6, not tcp");
        assertThat(flags.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(flags.err()).contains("--tcp-flags needs -p tcp, not udp");
        assertThat(port.out() + type.out() + flags.out()).isEmpty();
    }

    @Test
    void a_rejecting_rule_is_named_with_file_line_chain_and_log_level() {
        // When
        CliRun run = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "outside", "--to", "vm1001", "-p", "tcp",
                "--dport", "9000");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.PATH_REJECTED);
        assertThat(run.out()).contains("rule     firewall/1001.fw:8 [RULES], chain tap1001i0-IN, log info",
                "IN REJECT -p tcp -dport 9000 -log info", "logged   yes: 1001 6 tap1001i0-IN <time> REJECT: ");
    }

    @Test
    void json_output_is_the_trace_result_and_verbose_lists_every_rule_considered() throws Exception {
        // When
        CliRun run = CliRun.of("trace", "--config-dir", PHOENIX, "--source", "10.0.0.153", "--dest", "10.0.0.12",
                "-p", "tcp", "--dport", "80", "--verbose", "--output", "json");
        CliRun text = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "--dport", "8443",
                "--verbose");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        TraceResult r = Json.events().readValue(run.out(), TraceResult.class);
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.rule().location()).isEqualTo("firewall/102.fw:7");
        assertThat(r.path().get(0).steps()).isNotEmpty();
        assertThat(text.out()).contains("rules of veth101i0-OUT",
                "NO_MATCH firewall/101.fw:7  GROUP webgateway  -- no rule of GROUP-webgateway-OUT decided",
                "NO_MATCH firewall/101.fw:8  OUT ACCEPT -dest traefik -p tcp -dport 80",
                "-- destination port 8443 not in 80", "MATCH    built-in: policy DROP  -- default policy");
    }

    @Test
    void an_unknown_tcp_flag_is_a_usage_error_not_a_packet_without_flags() {
        // When: 'SYN ACK' (a space, not a comma) is one unknown word; a packet without flags is what tcpflags drops
        CliRun spaced = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "--dport", "8443",
                "--tcp-flags", "SYN ACK");
        CliRun lower = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "--dport", "8443",
                "--tcp-flags", "syn,ack");

        // Then
        assertThat(spaced.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(spaced.err()).contains("unknown TCP flag 'SYN ACK'").doesNotContain("Exception");
        assertThat(spaced.out()).isEmpty();
        assertThat(lower.exitCode()).isEqualTo(ExitCodes.PATH_DROPPED);
        assertThat(lower.out()).contains("not a new connection's SYN");
    }

    @Test
    void a_host_address_or_local_network_that_is_none_is_a_usage_error_not_passed_over() {
        // When: a bad --local-network fell back to 127.0.0.0/8 with a note asking for --local-network
        CliRun network = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "outside", "--to", "host", "--dport", "22",
                "--local-network", "10.0.0/24");
        CliRun address = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "outside", "--to", "host", "--dport", "22",
                "--host-address", "pve1.example");

        // Then
        assertThat(network.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(network.err()).contains("--local-network '10.0.0/24' is not a network");
        assertThat(network.out()).isEmpty();
        assertThat(address.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(address.err()).contains("--host-address 'pve1.example' is not an IP address");
    }

    @Test
    void icmpv6_takes_the_ipv6_addresses_of_the_zones_and_refuses_ipv4_ones() {
        // When
        CliRun zones = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct102", "-p", "icmpv6");
        CliRun v4 = CliRun.of("trace", "--config-dir", PHOENIX, "--source", "10.0.0.153", "--dest", "10.0.0.12", "-p",
                "icmpv6");

        // Then: an icmpv6 packet between IPv4 addresses was traced before, and no icmpv6 rule could match it
        assertThat(zones.out()).contains("icmpv6 type 128 2001:db8:10::153 -> 2001:db8:10::12 (ct101 -> ct102)");
        assertThat(v4.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(v4.err()).contains("icmpv6 is IPv6 only, but 10.0.0.153 is an IPv4 address");
    }

    @Test
    void ipv6_and_icmp_packets_are_traced_too() {
        // When
        CliRun v6 = CliRun.of("trace", "--config-dir", PHOENIX, "--source", "2001:db8:10::153", "--dest",
                "2001:db8:10::12", "--dport", "80");
        CliRun ping = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "outside", "--to", "ct102", "-p", "icmp",
                "--icmp-type", "echo-request");

        // Then
        assertThat(v6.exitCode()).isEqualTo(ExitCodes.PATH_DROPPED);
        assertThat(v6.out()).contains("tcp 2001:db8:10::153 -> [2001:db8:10::12]:80 (ct101 -> ct102)");
        assertThat(ping.exitCode()).isEqualTo(ExitCodes.PATH_DROPPED);
        assertThat(ping.out()).contains("icmp type 8");
    }

    @Test
    void bad_requests_and_bad_directories_get_one_line_and_their_exit_code() {
        // When
        CliRun unknownGuest = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "ct4242");
        CliRun badZone = CliRun.of("trace", "--config-dir", PHOENIX, "--from", "ct101", "--to", "mars");
        CliRun noDir = CliRun.of("trace", "--config-dir", "/nonexistent/droptrace", "--from", "ct101", "--to", "host");

        // Then
        assertThat(unknownGuest.exitCode()).isEqualTo(ExitCodes.USAGE);
        // (the note on the example's skipped line came first: two lines)
        assertThat(unknownGuest.err().lines()).singleElement().asString().contains("guest 4242 is unknown")
                .doesNotContain("Exception");
        assertThat(badZone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badZone.err().lines()).singleElement().asString().contains("unknown zone 'mars'");
        assertThat(noDir.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(noDir.err().lines()).hasSize(1);
    }

    @Test
    void a_directory_without_any_firewall_file_is_refused_by_trace_and_rules_check(@TempDir Path dir) throws Exception {
        // Given: a wrong path, an empty folder or one with other files
        Files.writeString(dir.resolve("notes.txt"), "not a firewall file\n");

        // When
        CliRun trace = CliRun.of("trace", "--config-dir", dir.toString(), "--from", "outside", "--to", "host");
        CliRun check = CliRun.of("rules", "check", "--config-dir", dir.toString());

        // Then: not 'accept, no firewall' and '0 error(s)', which read as a configuration checked and passed
        assertThat(trace.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(trace.err()).contains(dir + " holds no firewall configuration (no cluster.fw, host.fw or "
                + "<vmid>.fw, no firewall/ or nodes/ folder)");
        assertThat(trace.out()).isEmpty();
        assertThat(check.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(check.out()).doesNotContain("0 error(s)");
    }
}
