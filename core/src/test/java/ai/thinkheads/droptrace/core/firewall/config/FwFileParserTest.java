package ai.thinkheads.droptrace.core.firewall.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FwFileParserTest {

    private static FwFile guest(String text) {
        return FwFileParser.parse("firewall/101.fw", FileKind.GUEST, 101, null, text);
    }

    private static FwFile cluster(String text) {
        return FwFileParser.parse("firewall/cluster.fw", FileKind.CLUSTER, null, null, text);
    }

    @Test
    void sections_options_aliases_ipsets_and_rules_keep_their_line_numbers() {
        // Given
        String text = """
                # a comment
                [options]
                enable: 1
                POLICY_IN: reject

                [ALIASES]
                gateway 10.0.0.1/32 # the router
                [IPSET Web] # front ends
                10.0.0.0/24
                ! 10.0.0.5
                gateway
                [RULES]
                IN ACCEPT -source +web -p tcp -dport 80,443 -log info # web
                |OUT DROP -dest gateway
                GROUP mygroup -i net0
                """;

        // When
        FwFile f = guest(text);

        // Then
        assertThat(f.warnings()).isEmpty();
        assertThat(f.option("enable")).get().isEqualTo(new OptionSetting("enable", "1", 3));
        assertThat(f.option("policy_in")).get().extracting(OptionSetting::value).isEqualTo("REJECT");
        assertThat(f.alias("GATEWAY")).get().isEqualTo(new Alias("gateway", "10.0.0.1", 7, "the router"));
        IpSet web = f.ipset("web").orElseThrow();
        assertThat(web.line()).isEqualTo(8);
        assertThat(web.comment()).isEqualTo("front ends");
        assertThat(web.entries()).extracting(IpSetEntry::cidr, IpSetEntry::nomatch, IpSetEntry::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.0/24", false, 9),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.5", true, 10),
                        org.assertj.core.groups.Tuple.tuple("gateway", false, 11));
        assertThat(f.rules()).hasSize(3);
        Rule first = f.rules().get(0);
        assertThat(first.line()).isEqualTo(13);
        assertThat(first.source()).isEqualTo("+web");
        assertThat(first.dport()).isEqualTo("80,443");
        assertThat(first.log()).isEqualTo(LogLevel.INFO);
        assertThat(first.comment()).isEqualTo("web");
        assertThat(f.rules().get(1).enabled()).isFalse();
        assertThat(f.rules().get(2).type()).isEqualTo(RuleType.GROUP);
        assertThat(f.rules().get(2).iface()).isEqualTo("net0");
        assertThat(f.sections()).extracting(SectionHeader::name)
                .containsExactly("OPTIONS", "ALIASES", "IPSET web", "RULES");
    }

    @Test
    void single_and_double_dash_options_and_macros_are_read() {
        // When
        FwFile f = guest("""
                [RULES]
                IN SSH(ACCEPT) --source 10.0.0.1-10.0.0.10 --log warning
                OUT REJECT --proto udp --dport domain --sport 1024:65535
                IN DROP --icmp-type echo-request --proto icmp --log info
                IN ACCEPT -p ipv6-icmp -icmp-type neighbour-solicitation
                """);

        // Then
        assertThat(f.warnings()).isEmpty();
        assertThat(f.rules()).allSatisfy(r -> assertThat(r.errors()).isEmpty());
        assertThat(f.rules().get(0).macro()).isEqualTo("SSH");
        assertThat(f.rules().get(0).action()).isEqualTo("ACCEPT");
        assertThat(f.rules().get(1).sport()).isEqualTo("1024:65535");
        assertThat(f.rules().get(2).icmpType()).isEqualTo("echo-request");
    }

    @Test
    void a_line_pve_firewall_cannot_read_is_a_warning_with_its_line_and_is_skipped() {
        // When
        FwFile f = guest("""
                enable: 1
                [OPTIONS]
                enable: yes
                [RULES]
                IN
                IN ACCEPT iface vmbr0
                BOGUS ACCEPT
                IN ACCEPT -p tcp -dport 22
                """);

        // Then
        assertThat(f.warnings()).extracting(ParseWarning::line, ParseWarning::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "skip line - no section"),
                org.assertj.core.groups.Tuple.tuple(3, "can't parse option 'enable: yes'"),
                org.assertj.core.groups.Tuple.tuple(5, "unable to parse rule: IN"),
                org.assertj.core.groups.Tuple.tuple(6, "unable to parse rule parameters: iface vmbr0"),
                org.assertj.core.groups.Tuple.tuple(7, "unknown rule type 'bogus'"));
        assertThat(f.rules()).extracting(Rule::line).containsExactly(8);
    }

    @Test
    void an_option_of_another_file_kind_is_skipped_with_a_warning_saying_where_it_belongs() {
        // When: log_level_in belongs to host.fw and guest files, ips to guest files
        FwFile f = cluster("[OPTIONS]\nenable: 1\nlog_level_in: info\nips: 1\nnonsense: 1\n");

        // Then
        assertThat(f.options()).extracting(OptionSetting::key).containsExactly("enable");
        assertThat(f.warnings()).extracting(ParseWarning::line, ParseWarning::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "can't parse option 'log_level_in: info' - it is an option of "
                        + "host.fw, not of cluster.fw"),
                org.assertj.core.groups.Tuple.tuple(4, "can't parse option 'ips: 1' - it is an option of a guest's "
                        + "<vmid>.fw, not of cluster.fw"),
                org.assertj.core.groups.Tuple.tuple(5, "can't parse option 'nonsense: 1'"));
    }

    @Test
    void with_crlf_line_endings_options_aliases_and_rules_headers_are_no_headers_as_in_pve_firewall() {
        // Given: a file saved by a Windows editor
        String text = "[OPTIONS]\r\nenable: 1\r\n\r\n[IPSET web]\r\n10.0.0.1\r\n[RULES]\r\nIN ACCEPT -p tcp -dport 22\r\n";

        // When
        FwFile f = guest(text);

        // Then: '[OPTIONS]\r' and '[RULES]\r' open no section, '[IPSET web]\r' does (its pattern ends in \s*)
        assertThat(f.options()).isEmpty();
        assertThat(f.rules()).isEmpty();
        assertThat(f.ipset("web").orElseThrow().entries()).extracting(IpSetEntry::cidr).containsExactly("10.0.0.1");
        assertThat(f.warnings()).extracting(ParseWarning::line).containsExactly(1, 2, 6, 7);
        assertThat(f.warnings().get(0).message()).contains("carriage return", "CRLF");
        assertThat(f.warnings().get(1).message()).isEqualTo("skip line - no section");
    }

    @Test
    void a_byte_order_mark_before_the_first_header_is_a_warning_that_names_it_as_the_cause() {
        // Given: a file saved by an editor that writes a UTF-8 byte order mark (invisible in the warning's text)
        String text = "\uFEFF[OPTIONS]\nenable: 1\n[RULES]\nIN ACCEPT -p tcp -dport 22\n";

        // When
        FwFile f = guest(text);

        // Then: as in pve-firewall the header is no header, and the warning says why
        assertThat(f.options()).isEmpty();
        assertThat(f.rules()).hasSize(1);
        assertThat(f.warnings()).extracting(ParseWarning::line).containsExactly(1, 2);
        assertThat(f.warnings().get(0).message()).contains("byte order mark", "[OPTIONS]");
        assertThat(f.warnings().get(1).message()).isEqualTo("skip line - no section");
    }

    @Test
    void an_alias_whose_name_and_address_are_apart_by_a_tab_is_read_but_two_blanks_are_not() {
        // Given: parse_alias reads the line with ^(\S+)\s(\S+)$
        String text = "[ALIASES]\ngateway\t10.0.0.1\nrouter  10.0.0.2\n";

        // When
        FwFile f = cluster(text);

        // Then
        assertThat(f.alias("gateway")).get().extracting(Alias::cidr).isEqualTo("10.0.0.1");
        assertThat(f.alias("router")).isEmpty();
        assertThat(f.warnings()).extracting(ParseWarning::line, ParseWarning::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "unable to parse alias line"));
    }

    @Test
    void rules_with_bad_values_are_kept_with_their_errors() {
        // When
        FwFile f = guest("""
                [RULES]
                IN ACCEPT -dport 22
                IN accept -p tcp
                IN NOSUCH(ACCEPT) -p tcp
                IN ACCEPT -i vmbr0
                IN ACCEPT -p tcp -dport 99999
                IN ACCEPT -source 10.0.0.1/24
                IN ACCEPT -source 10.0.0.1 -dest 2001:db8::1
                IN SSH(ACCEPT) -p udp
                IN ACCEPT -p icmp -dport 22 -icmp-type echo-request
                """);

        // Then
        assertThat(f.rules()).extracting(r -> r.errors().get(0)).containsExactly(
                "proto: missing property - 'dport' requires this property",
                "action: unknown action 'accept'",
                "macro: unknown macro 'NOSUCH'",
                "iface: value does not match the regex pattern 'net\\d+'",
                "dport: invalid port '99999'",
                "source: invalid IP address: '10.0.0.1/24'",
                "dest: detected mixed ipv4/ipv6 addresses in rule",
                "proto: parameter 'proto' already defined in macro (value = 'tcp')",
                "icmp-type: 'icmp-type' cannot be specified together with 'dport'");
    }

    @Test
    void groups_live_in_cluster_files_with_lower_case_names_and_no_interfaces() {
        // When
        FwFile f = cluster("""
                [group WebServers] # the web tier
                IN HTTP(ACCEPT)
                IN ACCEPT -i vmbr0 -p tcp -dport 443
                [group this-name-is-far-too-long]
                IN ACCEPT
                """);

        // Then
        SecurityGroup g = f.group("webservers").orElseThrow();
        assertThat(g.comment()).isEqualTo("the web tier");
        assertThat(g.rules()).hasSize(2);
        assertThat(g.rules().get(0).section()).isEqualTo("group webservers");
        assertThat(g.rules().get(1).errors()).containsExactly("type: parameter -i not allowed for this rule type");
        assertThat(f.warnings()).extracting(ParseWarning::message)
                .containsExactly("security group name too long", "skip line - no section");
    }

    @Test
    void ipset_entries_that_pve_firewall_refuses_carry_errors() {
        // When
        FwFile f = cluster("""
                [IPSET bad]
                10.0.0.0/8
                10.0.0.0/8
                0.0.0.0/0
                not-an-address!
                """);

        // Then
        List<IpSetEntry> entries = f.ipset("bad").orElseThrow().entries();
        assertThat(entries.get(0).errors()).isEmpty();
        assertThat(entries.get(1).errors()).containsExactly("cidr: duplicate ipset entry for '10.0.0.0/8'");
        assertThat(entries.get(2).errors()).containsExactly("cidr: a zero prefix is not allowed in ipset entries");
        assertThat(entries.get(3).errors()).containsExactly(
                "cidr: value does not look like a valid IP address or CIDR network");
    }

    @Test
    void host_files_know_no_aliases_and_take_host_options() {
        // When
        FwFile f = FwFileParser.parse("nodes/pve/host.fw", FileKind.HOST, null, "pve", """
                [OPTIONS]
                tcpflags: 1
                log_level_in: info
                smurf_log_level:
                [ALIASES]
                """);

        // Then
        assertThat(f.flag("tcpflags", false)).isTrue();
        assertThat(f.option("smurf_log_level")).get().extracting(OptionSetting::value).isEqualTo("");
        assertThat(f.warnings()).extracting(ParseWarning::message).containsExactly("skip line - [ALIASES] is a section "
                + "of cluster.fw and guest files only: pve-firewall opens no section here, so the lines after it are "
                + "read as [OPTIONS] of this file");
    }
}
