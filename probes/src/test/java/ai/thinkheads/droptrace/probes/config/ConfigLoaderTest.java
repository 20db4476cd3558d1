package ai.thinkheads.droptrace.probes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    static final String SITE = "site:\n  host: {name: phoenix, addresses: [10.0.0.13]}\n  guests:\n"
            + "    - {vmid: 101, name: nginx, type: lxc, addresses: [10.0.0.153]}\n"
            + "    - {vmid: 1001, name: portainer, type: qemu, addresses: [10.0.0.111]}\n";

    @Test
    void an_unknown_key_is_an_error_with_its_path() {
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tls, port: 443, tls: {servername: x}}\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("f.yaml: unknown key 'servername' in probes[0].tls");
    }

    @Test
    void a_section_missing_from_the_top_level_names_no_line_past_the_end_of_the_file() {
        // a one-line file ending in a line break: Jackson notices 'site' missing at the document's end, line 2
        assertThatThrownBy(() -> ConfigLoader.parse("probes: []\n", "f.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: site is required");
        // a key missing inside a section still names the section's line
        assertThatThrownBy(() -> ConfigLoader.parse("# the site\nsite:\n  guests: []\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessage("f.yaml: site.host is required (line 2)");
    }

    @Test
    void an_unknown_key_in_a_block_mapping_is_reported_at_its_own_line() {
        // Given keys misspelt on lines 7 (in a section) and 8 (at the top level), written as blocks
        String inSection = SITE + "defaults:\n  intervall: 5s\nprobes: []\n";
        String atTop = SITE + "probes: []\ndefaults: {}\nprob: []\n";

        // When / Then
        assertThatThrownBy(() -> ConfigLoader.parse(inSection, "f.yaml"))
                .hasMessage("f.yaml: unknown key 'intervall' in defaults (line 7)");
        assertThatThrownBy(() -> ConfigLoader.parse(atTop, "f.yaml"))
                .hasMessage("f.yaml: unknown key 'prob' at the top level (line 8)");
    }

    @Test
    void a_bad_value_names_the_path_and_the_reason_on_one_line() {
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 70000}\n", "f.yaml"))
                .hasMessageContaining("probes[0]").hasMessageContaining("port must be 1-65535")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80, timeout: soon}\n", "f.yaml"))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: ping, port: 80}\n", "f.yaml"))
                .hasMessageContaining("probes[0].kind");
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, kind: exec, exec: {command: [x]}, tls: {}}\n", "f.yaml"))
                .hasMessageContaining("cannot have a 'tls' section");
    }

    @Test
    void a_number_with_a_fraction_where_a_whole_one_belongs_is_an_error_not_cut_to_its_integer_part() {
        // Given / When / Then: port 8443.5 is not port 8443
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 8443.5}\n", "f.yaml"))
                .hasMessageStartingWith("f.yaml: probes[0].port: '8443.5'").hasMessageContaining("(line 7)");
    }

    @Test
    void an_expected_dns_answer_that_cannot_be_an_answer_of_the_type_is_an_error_at_load_time() {
        // Given / When / Then: a host name where an A record's address belongs, and an IPv4 address for AAAA
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: host, kind: dns, dns: {name: ca.lab, "
                + "answers: [ca.lab]}}\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("f.yaml: probes[0].dns: dns.answers: type A answers are IPv4 addresses, 'ca.lab' is not one");
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: host, kind: dns, dns: {name: ca.lab, "
                + "type: AAAA, answers: [10.0.0.10]}}\n", "f.yaml"))
                .hasMessageContaining("type AAAA answers are IPv6 addresses, '10.0.0.10' is not one");
        assertThat(ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: host, kind: dns, dns: {name: ca.lab, type: cname, "
                + "answers: [proxy.lab.]}}\n", "f.yaml").probes()).hasSize(1);
    }

    @Test
    void an_empty_entry_of_a_list_or_mapping_is_named_with_its_path_and_line_not_called_an_invalid_value() {
        // Given a '-' left behind where a probe was deleted, and a trust anchor named with nothing under it
        String dash = SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80}\n  -\n  - {id: b, to: nginx, kind: tcp, port: 81}\n";
        String anchor = SITE + "trust:\n  step-ca-root:\nprobes:\n  - {id: a, to: nginx, kind: tcp, port: 80}\n";
        String answer = SITE + "probes:\n  - {id: a, to: host, kind: dns, dns: {name: ca.lab, answers: [10.0.0.10, ~]}}\n";

        // When / Then
        assertThatThrownBy(() -> ConfigLoader.parse(dash, "f.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: probes[1]: is empty: an entry with nothing in it (line 8)");
        assertThatThrownBy(() -> ConfigLoader.parse(anchor, "f.yaml"))
                .hasMessage("f.yaml: trust.step-ca-root: is empty: an entry with nothing in it (line 7)");
        assertThatThrownBy(() -> ConfigLoader.parse(answer, "f.yaml"))
                .hasMessageStartingWith("f.yaml: probes[0].dns.answers[1]: is empty");
    }

    @Test
    void a_yaml_alias_is_an_error_with_its_path_and_line_not_read_as_the_anchors_name() {
        // Given a server name written once with an anchor and again through an alias, and a merge key of an anchor
        String alias = SITE + "probes:\n  - {id: a, to: nginx, kind: tls, port: 443, tls: {serverName: &sn web.lab}}\n"
                + "  - {id: b, to: nginx, kind: tls, port: 8443, tls: {serverName: *sn}}\n";
        String merge = SITE + "x-tcp: &tcp {to: nginx, kind: tcp}\nprobes:\n  - id: a\n    port: 80\n    <<: *tcp\n";

        // When / Then: not a probe b that checks the name 'sn'
        assertThatThrownBy(() -> ConfigLoader.parse(alias, "f.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: probes[1].tls.serverName: *sn is a YAML alias, which droptrace does not expand (it "
                        + "would read the text 'sn', not the value of &sn): write the value out (line 8)");
        assertThatThrownBy(() -> ConfigLoader.parse(merge, "f.yaml"))
                .hasMessageStartingWith("f.yaml: probes[0].<<: *tcp is a YAML alias").hasMessageEndingWith("(line 10)");
        // an anchor no alias uses changes nothing
        assertThat(ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: &p 80}\n", "f.yaml")
                .probes().get(0).port()).isEqualTo(80);
    }

    @Test
    void a_tab_that_indents_a_key_is_reported_at_its_own_line_not_the_line_before() {
        // Given a tab before interval, on line 7
        String tab = SITE + "defaults:\n\tinterval: 60s\nprobes: []\n";
        // and a flow mapping never closed: the end of the text is no line, the mapping's own is
        String open = SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80\n";

        // When / Then
        assertThatThrownBy(() -> ConfigLoader.parse(tab, "f.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("f.yaml: not valid YAML: while scanning for the next token; found character "
                        + "'\\t(TAB)' that cannot start any token.").hasMessageEndingWith("(line 7)");
        assertThatThrownBy(() -> ConfigLoader.parse(open, "f.yaml"))
                .hasMessage("f.yaml: not valid YAML: while parsing a flow mapping; expected ',' or '}', but got "
                        + "<stream end> (line 7)");
    }

    @Test
    void an_integer_with_a_leading_zero_is_an_error_not_read_as_octal() {
        // Given port 0443, which YAML 1.1 reads as octal 291 (while 08080 reads as 8080)
        String octal = SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 0443}\n";

        // When / Then: not a probe of port 291
        assertThatThrownBy(() -> ConfigLoader.parse(octal, "f.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: probes[0].port: 0443 has a leading zero, which YAML reads as an octal number (291): "
                        + "write it without the zero (line 7)");
        // a zero alone, and a number without a leading zero, are what they say
        assertThat(ConfigLoader.parse(SITE + "probes:\n  - {id: a, kind: exec, exec: {command: [x], exitCode: 0}}\n"
                + "  - {id: b, to: nginx, kind: tcp, port: 443}\n", "f.yaml").probes().get(1).port()).isEqualTo(443);
    }

    @Test
    void a_key_with_nothing_after_it_is_an_error_with_its_line_not_read_as_left_out() {
        // Given an interval and a whole section whose values were deleted, and a timeout written as ~
        String key = SITE + "defaults:\n  interval:\n  timeout: 2s\nprobes:\n  - {id: a, to: nginx, kind: tcp, port: 80}\n";
        String section = SITE + "defaults:\nprobes:\n  - {id: a, to: nginx, kind: tcp, port: 80}\n";
        String tilde = SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80, timeout: ~}\n";

        // When / Then: not the default interval of 60 s, nor the default timeout
        assertThatThrownBy(() -> ConfigLoader.parse(key, "f.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: defaults.interval: is empty: an entry with nothing in it (line 7)");
        assertThatThrownBy(() -> ConfigLoader.parse(section, "f.yaml"))
                .hasMessage("f.yaml: defaults: is empty: an entry with nothing in it (line 6)");
        assertThatThrownBy(() -> ConfigLoader.parse(tilde, "f.yaml"))
                .hasMessage("f.yaml: probes[0].timeout: is empty: an entry with nothing in it (line 7)");
    }

    @Test
    void a_number_too_large_for_its_key_is_named_with_its_path_not_called_invalid_yaml() {
        // Given a port with digits to spare, and an HTTP status likewise
        String port = SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 99999999999}\n";
        String status = SITE + "probes:\n  - id: a\n    to: nginx\n    kind: http\n    port: 80\n    http: {status: 20000000000}\n";

        // When / Then
        assertThatThrownBy(() -> ConfigLoader.parse(port, "f.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: probes[0].port: '99999999999' is too large a number (line 7)");
        assertThatThrownBy(() -> ConfigLoader.parse(status, "f.yaml"))
                .hasMessage("f.yaml: probes[0].http.status: '20000000000' is too large a number (line 11)");
    }

    @Test
    void a_key_given_twice_is_an_error_with_its_line_not_the_last_one_winning() {
        // Given a probe whose port is written twice, once in a flow and once in a block mapping
        String flow = SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80, port: 443}\n";
        String block = SITE + "probes:\n  - id: a\n    to: nginx\n    kind: tcp\n    port: 80\n    port: 443\n";

        // When / Then
        assertThatThrownBy(() -> ConfigLoader.parse(flow, "f.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("f.yaml: ").hasMessageContaining("'port'").hasMessageContaining("(line 7)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> ConfigLoader.parse(block, "f.yaml")).hasMessageContaining("'port'")
                .hasMessageContaining("(line 11)");
    }

    @Test
    void a_timeout_longer_than_an_hour_is_an_error_at_load_time_not_a_probe_that_cannot_run() {
        // Given / When / Then: 100000h overflows the milliseconds a socket waits
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80, timeout: 100000h}\n",
                "f.yaml")).hasMessage("f.yaml: probes[0]: timeout must be at most 1h, was 100000h (line 7)");
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "defaults: {timeout: 2h}\n", "f.yaml"))
                .hasMessageContaining("defaults: timeout must be at most 1h, was 2h");
        assertThat(ConfigLoader.parse(SITE + "defaults: {timeout: 1h}\n", "f.yaml").defaults().timeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void an_expected_outcome_the_kind_never_ends_in_is_an_error_at_load_time() {
        // Given "this udp port must be blocked" written with the tcp word for it
        String yaml = SITE + "probes:\n  - {id: a, to: nginx, kind: udp, port: 514, expect: [timeout]}\n";

        // When / Then: udp says NO_REPLY, so the probe would fail at every run
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "f.yaml"))
                .hasMessage("f.yaml: probes[0]: expect: a udp probe never ends in TIMEOUT; its outcomes are "
                        + "REFUSED, UNREACHABLE, REPLY, NO_REPLY, ERROR (line 7)");
        assertThat(ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: udp, port: 514, expect: [no_reply]}\n", "f")
                .probes().get(0).expect()).containsExactly(ProbeOutcome.NO_REPLY);
    }

    @Test
    void an_empty_list_of_expected_outcomes_is_an_error_not_the_kinds_success_taken_silently() {
        // Given a must-be-blocked probe whose outcomes were left out of its list
        String yaml = SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 22}\n"
                + "  - id: b\n    to: nginx\n    kind: tcp\n    port: 5432\n    expect: []\n";

        // When / Then: read as the default it would become a path that must work
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "f.yaml"))
                .hasMessage("f.yaml: probes[1]: expect: is empty: list the outcomes that count as passed ([TIMEOUT] for "
                        + "a path that must be blocked), or leave the key out for the kind's success, OPEN (line 12)");
        assertThat(ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 22}\n", "f")
                .probes().get(0).expect()).as("no key: the kind's success").containsExactly(ProbeOutcome.OPEN);
    }

    @Test
    void a_name_that_is_not_ascii_or_breaks_the_rule_of_dashes_says_which_character_or_rule_not_only_the_allowed_ones() {
        // Given an id with a letter outside ASCII, one with a Cyrillic letter that looks Latin, one beginning with '-'
        String umlaut = SITE + "probes:\n  - {id: dns-z\u00fcrich, to: nginx, kind: tcp, port: 53}\n";
        String lookAlike = SITE + "probes:\n  - {id: dns-\u0430, to: nginx, kind: tcp, port: 53}\n";
        String dash = SITE + "probes:\n  - {id: -dns, to: nginx, kind: tcp, port: 53}\n";
        String guest = "site:\n  host: {name: phoenix, addresses: [10.0.0.13]}\n  guests:\n"
                + "    - {vmid: 101, name: z\u00fcrich, type: lxc, addresses: [10.0.0.153]}\n";

        // When / Then: 'letters' alone read as if the ü were one
        assertThatThrownBy(() -> ConfigLoader.parse(umlaut, "f.yaml")).hasMessage("f.yaml: probes[0]: probe id "
                + "'dns-z\u00fcrich' must be ASCII letters, digits, '-', '_' and '.': '\u00fc' (U+00FC) is not one (line 7)");
        assertThatThrownBy(() -> ConfigLoader.parse(lookAlike, "f.yaml")).hasMessageContaining("(U+0430) is not one");
        assertThatThrownBy(() -> ConfigLoader.parse(dash, "f.yaml")).hasMessageContaining(
                "probe id '-dns' must be ASCII letters, digits, '-', '_' and '.': a part between dots cannot begin or end with '-'");
        assertThatThrownBy(() -> ConfigLoader.parse(guest, "f.yaml")).hasMessageContaining("guest name 'z\u00fcrich' is not "
                + "a host name (ASCII letters, digits, '-', '_' and '.'): '\u00fc' (U+00FC) is not one");
    }

    @Test
    void an_interval_under_a_second_is_an_error_not_a_tight_loop_against_the_service() {
        // Given / When / Then: 30ms written for 30s
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80, interval: 30ms}\n",
                "f.yaml")).hasMessage("f.yaml: probes[0]: interval must be at least 1s, was 0.03s (line 7)");
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "defaults: {interval: 0s}\n", "f.yaml"))
                .hasMessageContaining("defaults: interval must be at least 1s, was 0s");
    }

    @Test
    void an_interval_longer_than_a_year_is_an_error_at_load_time_not_an_unexpected_failure_when_run() {
        // Given / When / Then: 999999999999d is more milliseconds than the schedule can count
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80, "
                + "interval: 999999999999d}\n", "f.yaml")).hasMessageStartingWith("f.yaml: probes[0]: interval must be at most 365d");
        assertThat(ConfigLoader.parse(SITE + "defaults: {interval: 365d}\n", "f.yaml").defaults().interval())
                .isEqualTo(Duration.ofDays(365));
    }

    @Test
    void durations_are_read_as_the_command_lines_options_read_them() {
        // Given mixed units and days, as the error for a bad duration suggests ('such as 30s, 5m or 1h30m')
        ProbeConfig config = ConfigLoader.parse(SITE + "defaults: {interval: 2d}\nprobes:\n"
                + "  - {id: a, to: nginx, kind: tcp, port: 80, interval: 1h30m, timeout: 1m30s}\n", "f.yaml");

        // Then
        assertThat(config.defaults().interval()).isEqualTo(Duration.ofDays(2));
        assertThat(config.probes().get(0).interval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(config.probes().get(0).timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "defaults: {interval: 2 days}\n", "f.yaml"))
                .hasMessageContaining("defaults.interval: '2 days' is not a duration");
    }

    @Test
    void an_exit_code_that_no_command_can_exit_with_is_an_error_at_load_time() {
        // Given / When / Then: 256 wraps to 0 in a shell, and -1 is no exit code at all
        for (String code : List.of("256", "-1")) {
            assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, kind: exec, exec: {command: [true], exitCode: "
                    + code + "}}\n", "f.yaml")).hasMessage("f.yaml: probes[0].exec: exec.exitCode must be an exit code, 0-255, was "
                    + code + " (line 7)");
        }
    }

    @Test
    void an_http_status_that_no_server_can_answer_is_an_error_at_load_time() {
        // Given / When / Then: 2000 for 200 would make the probe fail at every run
        assertThatThrownBy(() -> ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: http, port: 80, "
                + "http: {scheme: http, status: 2000}}\n", "f.yaml"))
                .hasMessage("f.yaml: probes[0].http: http.status must be an HTTP status code, 100-599, was 2000 (line 7)");
    }

    @Test
    void cross_references_are_checked() {
        assertThatThrownBy(() -> ProbePlan.of(ConfigLoader.parse(SITE + "probes:\n  - {id: a, from: traefik, to: nginx, kind: tcp, port: 80}\n", "f"), "f"))
                .hasMessageContaining("probes[0] (a): from 'traefik' is not local, host or a guest");
        assertThatThrownBy(() -> ProbePlan.of(ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tls, port: 443, tls: {trust: ca}}\n", "f"), "f"))
                .hasMessageContaining("trust anchor 'ca' is not defined");
        assertThatThrownBy(() -> ProbePlan.of(ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 1}\n  - {id: a, to: nginx, kind: tcp, port: 2}\n", "f"), "f"))
                .hasMessageContaining("the id is used twice");
    }

    @Test
    void a_trust_anchor_file_that_cannot_be_read_is_named_with_the_probes_that_use_it() throws Exception {
        // Given two anchors, one file there and one not; only probes of the second use it
        Path dir = Files.createTempDirectory("trust");
        Path there = Files.writeString(dir.resolve("there.crt"), "-----BEGIN CERTIFICATE-----\n");
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(SITE + "trust:\n  ok: {file: " + there + "}\n  gone: {file: "
                + dir.resolve("gone.crt") + "}\n  unused: {file: " + dir.resolve("unused.crt") + "}\nprobes:\n"
                + "  - {id: a, to: nginx, kind: tls, port: 443, tls: {trust: gone}}\n"
                + "  - {id: b, to: nginx, kind: tls, port: 443, tls: {trust: ok}}\n"
                + "  - {id: c, to: nginx, kind: http, port: 443, http: {trust: gone, rootMatches: gone}}\n", "f"), "f");

        // When
        List<String> unreadable = plan.unreadableTrustFiles();

        // Then
        assertThat(unreadable).containsExactly("trust anchor 'gone': cannot read " + dir.resolve("gone.crt")
                + " (no such file); a, c would end in ERROR until it can be read");
    }

    @Test
    void a_trust_anchor_file_that_holds_no_pem_certificate_is_named_as_one_that_cannot_be_read() throws Exception {
        // Given a DER certificate (bytes that are not text), an empty file and a directory where PEM files belong
        Path dir = Files.createTempDirectory("trust");
        Path der = Files.write(dir.resolve("root.der"), new byte[] {0x30, (byte) 0x82, 0x01, (byte) 0xf3, 0x30});
        Path empty = Files.writeString(dir.resolve("empty.crt"), "");
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(SITE + "trust:\n  der: {file: " + der + "}\n  empty: {file: "
                + empty + "}\n  folder: {file: " + dir + "}\nprobes:\n"
                + "  - {id: a, to: nginx, kind: tls, port: 443, tls: {trust: der}}\n"
                + "  - {id: b, to: nginx, kind: tls, port: 443, tls: {trust: empty}}\n"
                + "  - {id: c, to: nginx, kind: tls, port: 443, tls: {trust: folder}}\n", "f"), "f");

        // When
        List<String> unreadable = plan.unreadableTrustFiles();

        // Then: listed without a word before, every run of a, b and c ended in ERROR
        assertThat(unreadable).containsExactly(
                "trust anchor 'der': " + der + " holds no PEM certificate (-----BEGIN CERTIFICATE-----; a DER file? "
                        + "openssl x509 -inform der -in " + der + " -out " + der + ".pem); a would end in ERROR until it "
                        + "holds one",
                "trust anchor 'empty': " + empty + " holds no PEM certificate (-----BEGIN CERTIFICATE-----; a DER file? "
                        + "openssl x509 -inform der -in " + empty + " -out " + empty + ".pem); b would end in ERROR until "
                        + "it holds one",
                "trust anchor 'folder': " + dir + " is a directory, not a PEM file; c would end in ERROR until it holds one");
        // and the probe's own reading says the same of the DER file, not "cannot read (Input length = 1)"
        assertThat(ai.thinkheads.droptrace.probes.tls.TrustAnchors.fromFile("der", der).problem())
                .isEqualTo("trust anchor 'der': " + der + " holds no PEM certificate");
    }

    @Test
    void a_file_that_is_not_utf8_names_the_byte_and_its_line() throws Exception {
        // Given a probe description saved as Latin-1 on line 6
        Path file = Files.createTempFile("probes", ".yaml");
        Files.write(file, (SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80, description: caf\u00e9}\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        // When / Then: not "cannot read (Input length = 1)"
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ": cannot read (not UTF-8 text: byte 0xE9 on line 7; a binary file, or one saved in "
                        + "another encoding? save it as UTF-8)");
        Files.delete(file);
    }

    @Test
    void a_udp_probe_from_a_vm_through_qm_guest_exec_without_pass_stdin_is_an_error_not_a_payload_never_sent() {
        // Given the qemu prefix written out as it was before --pass-stdin, and a udp probe from the VM
        String probes = "probes:\n  - {id: syslog, from: portainer, to: host, kind: udp, port: 514}\n";
        String without = SITE + "exec:\n  prefixes:\n    qemu: [qm, guest, exec, \"{vmid}\", --]\n" + probes;

        // When / Then: the guest agent would start nc with /dev/null for stdin, and a service ignoring nc's 'X' tests
        // would read as NO_REPLY, a drop
        assertThatThrownBy(() -> ProbePlan.of(ConfigLoader.parse(without, "f.yaml"), "f.yaml"))
                .hasMessage("f.yaml: probes[0] (syslog): a udp probe from 'portainer' gives nc its payload on stdin, and qm "
                        + "guest exec passes stdin to the guest only with --pass-stdin: add --pass-stdin, \"1\" before the -- "
                        + "of its prefix (exec.prefixes.qemu, or the guest's exec)");
        // the default prefix, one that passes it, other kinds through the old prefix, and a container are fine
        assertThat(ProbePlan.of(ConfigLoader.parse(SITE + probes, "f"), "f").probes()).hasSize(1);
        assertThat(ProbePlan.of(ConfigLoader.parse(SITE + "exec:\n  prefixes:\n    qemu: [/usr/sbin/qm, guest, exec, "
                + "\"{vmid}\", --timeout, \"60\", --pass-stdin, --]\n" + probes, "f"), "f").probes()).hasSize(1);
        assertThat(ProbePlan.of(ConfigLoader.parse(SITE + "exec:\n  prefixes:\n    qemu: [qm, guest, exec, \"{vmid}\", "
                + "-pass-stdin, \"1\", --]\n" + probes, "f"), "f").probes()).as("qm's single dash").hasSize(1);
        assertThat(ProbePlan.of(ConfigLoader.parse(SITE + "exec:\n  prefixes:\n    qemu: [qm, guest, exec, \"{vmid}\", --]\n"
                + "    lxc: [pct, exec, \"{vmid}\", --]\n" + "probes:\n  - {id: dns, from: portainer, to: host, kind: dns, dns: {name: ca.internal.test}}\n"
                + "  - {id: syslog, from: nginx, to: host, kind: udp, port: 514}\n", "f"), "f").probes()).hasSize(2);
        assertThatThrownBy(() -> ProbePlan.of(ConfigLoader.parse(SITE + "exec:\n  prefixes:\n    qemu: [qm, guest, exec, "
                + "\"{vmid}\", --pass-stdin, \"0\", --]\n" + probes, "f"), "f")).hasMessageContaining("only with --pass-stdin");
    }

    @Test
    void a_udp_payload_larger_than_a_datagram_can_hold_is_an_error_at_load_time_not_an_error_at_every_run() {
        // Given payloads of the largest size IPv4 and IPv6 datagrams hold, and of one byte more
        String ipv4 = SITE + "probes:\n  - {id: big, to: nginx, kind: udp, port: 514, udp: {payloadHex: \"%s\"}}\n";
        String ipv6 = SITE + "probes:\n  - {id: big, to: \"fd00::5\", kind: udp, port: 514, udp: {payloadHex: \"%s\"}}\n";

        // When / Then
        assertThat(ProbePlan.of(ConfigLoader.parse(ipv4.formatted("00".repeat(65_507)), "f"), "f").probes()).hasSize(1);
        assertThatThrownBy(() -> ProbePlan.of(ConfigLoader.parse(ipv4.formatted("00".repeat(65_508)), "f.yaml"), "f.yaml"))
                .hasMessage("f.yaml: probes[0] (big): udp: the payload is 65,508 bytes, and a UDP datagram to 10.0.0.153 "
                        + "holds at most 65,507");
        assertThat(ProbePlan.of(ConfigLoader.parse(ipv6.formatted("00".repeat(65_527)), "f"), "f").probes()).hasSize(1);
        assertThatThrownBy(() -> ProbePlan.of(ConfigLoader.parse(ipv6.formatted("00".repeat(65_528)), "f"), "f"))
                .hasMessageContaining("holds at most 65,527");
    }

    @Test
    void names_resolve_to_addresses_prefixes_and_defaults() {
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(SITE + "defaults: {interval: 30s, timeout: 1500ms}\nprobes:\n"
                + "  - {id: dns, from: portainer, to: host, kind: dns, dns: {name: ca.internal.thinkheads.ai}}\n", "f"), "f");
        PlannedProbe p = plan.probes().get(0);
        assertThat(p.kind()).isEqualTo(ProbeKind.DNS);
        assertThat(p.destination()).isEqualTo("10.0.0.13");
        assertThat(p.port()).isEqualTo(53);
        assertThat(p.origin().sourceAddress()).isEqualTo("10.0.0.111");
        assertThat(p.origin().prefix()).containsExactly("qm", "guest", "exec", "{vmid}", "--pass-stdin", "1", "--");
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(p.definition().expect()).containsExactly(ProbeOutcome.NOERROR);
        assertThat(plan.inventory().byName("nginx")).isPresent();
    }

    @Test
    void from_local_is_read_in_any_case_as_host_and_guest_names_are() {
        // When
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(SITE + "probes:\n"
                + "  - {id: a, from: Local, to: host, kind: tcp, port: 22}\n"
                + "  - {id: b, from: HOST, to: nginx, kind: tcp, port: 80}\n", "f"), "f");
        // Then
        assertThat(plan.probes().get(0).definition().runsLocally()).isTrue();
        assertThat(plan.probes().get(0).origin().name()).isEqualTo("local");
        assertThat(plan.probes().get(1).origin().sourceAddress()).isEqualTo("10.0.0.13");
    }

    @Test
    void ipv6_addresses_are_planned_in_the_form_the_firewall_log_writes_them() {
        // Given IPv6 addresses written in other valid forms: zero groups spelt out, leading zeros, upper case
        String site = "site:\n  host: {name: phoenix, addresses: ['FD00:10:0:0::13']}\n  guests:\n"
                + "    - {vmid: 101, name: nginx, type: lxc, addresses: ['fd00:0010:0:0:0:0:0:153']}\n";

        // When
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(site + "probes:\n"
                + "  - {id: a, from: nginx, to: host, kind: tcp, port: 443}\n"
                + "  - {id: b, from: host, to: 'FD00:10::0:12', kind: tcp, port: 8443}\n", "f"), "f");

        // Then: sources and destinations are what inet_ntop writes, so flows built from them match log lines
        assertThat(plan.probes().get(0).origin().sourceAddress()).isEqualTo("fd00:10::153");
        assertThat(plan.probes().get(0).destination()).isEqualTo("fd00:10::13");
        assertThat(plan.probes().get(1).origin().sourceAddress()).isEqualTo("fd00:10::13");
        assertThat(plan.probes().get(1).destination()).isEqualTo("fd00:10::12");
    }

    @Test
    void an_ipv4_mapped_ipv6_address_is_an_address_probed_and_keyed_as_the_ipv4_one_the_log_writes() {
        // Given a guest and a target written as IPv4-mapped IPv6 addresses (as a dual-stack socket reports them)
        String site = "site:\n  host: {name: phoenix, addresses: [10.0.0.13]}\n  guests:\n"
                + "    - {vmid: 101, name: nginx, type: lxc, addresses: ['::ffff:10.0.0.153']}\n";

        // When
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(site + "probes:\n"
                + "  - {id: a, from: nginx, to: host, kind: tcp, port: 443}\n"
                + "  - {id: b, from: host, to: '::FFFF:10.0.0.12', kind: tcp, port: 8443}\n", "f"), "f");

        // Then: the packets are IPv4, and pvefw-logger writes them as such
        assertThat(plan.probes().get(0).origin().sourceAddress()).isEqualTo("10.0.0.153");
        assertThat(plan.probes().get(1).destination()).isEqualTo("10.0.0.12");
    }

    @Test
    void a_dual_stack_guest_or_host_probes_from_its_address_of_the_destinations_family() {
        // Given a host and guests with an IPv6 and an IPv4 address each, in either order
        String site = "site:\n  host: {name: phoenix, addresses: ['fd00:10::13', 10.0.0.13]}\n  guests:\n"
                + "    - {vmid: 101, name: nginx, type: lxc, addresses: ['fd00:10::153', 10.0.0.153]}\n"
                + "    - {vmid: 102, name: traefik, type: lxc, addresses: [10.0.0.12, 'fd00:10::12']}\n";

        // When
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(site + "probes:\n"
                + "  - {id: v4, from: nginx, to: traefik, kind: tcp, port: 8443}\n"
                + "  - {id: v6, from: traefik, to: 'fd00:10::153', kind: tcp, port: 80}\n"
                + "  - {id: dns, from: traefik, to: host, kind: dns, dns: {name: ca.lab}}\n"
                + "  - {id: host4, from: host, to: 10.0.0.12, kind: tcp, port: 8443}\n"
                + "  - {id: exec, from: nginx, kind: exec, exec: {command: [true]}}\n", "f"), "f");

        // Then the source is the address the packets leave from, of the destination's family, as the log writes the flow
        assertThat(plan.probes()).extracting(p -> p.origin().sourceAddress() + " > " + p.destination()).containsExactly(
                "10.0.0.153 > 10.0.0.12", "fd00:10::12 > fd00:10::153", "fd00:10::12 > fd00:10::13",
                "10.0.0.13 > 10.0.0.12", "fd00:10::153 > null");
    }

    @Test
    void a_guest_or_host_without_an_address_of_the_destinations_family_has_no_known_source() {
        // Given a guest with only an IPv6 address and a host with only an IPv4 one, each probing the other family
        String site = "site:\n  host: {name: phoenix, addresses: [10.0.0.13]}\n  guests:\n"
                + "    - {vmid: 101, name: nginx, type: lxc, addresses: ['fd00:10::153']}\n";

        // When
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(site + "probes:\n"
                + "  - {id: v4, from: nginx, to: 10.0.0.12, kind: tcp, port: 8443}\n"
                + "  - {id: v6, from: host, to: 'fd00:10::153', kind: tcp, port: 80}\n"
                + "  - {id: same, from: nginx, to: 'fd00:10::12', kind: tcp, port: 80}\n", "f"), "f");

        // Then not known (an IPv4 packet does not leave from an IPv6 address: fd00:10::153 > 10.0.0.12 is no packet's
        // flow), as rules verify takes it; the guest's address still names it in its prefix
        assertThat(plan.probes()).extracting(p -> p.source() + " > " + p.destination()).containsExactly(
                "null > 10.0.0.12", "null > fd00:10::153", "fd00:10::153 > fd00:10::12");
        assertThat(plan.probes().get(0).origin().sourceAddress()).isEqualTo("fd00:10::153");
    }

    @Test
    void a_link_local_destination_is_refused_at_load_rather_than_every_run_ending_in_error() {
        // Given a guest whose address is link-local, and addresses written with and without a zone
        String site = "site:\n  host: {name: phoenix, addresses: [10.0.0.13]}\n  guests:\n"
                + "    - {vmid: 101, name: nginx, type: lxc, addresses: ['FE80::BE24:11FF:FE00:101']}\n";

        // When / Then: a packet to fe80::/10 needs the interface a zone names; connect() refuses it ("Invalid argument")
        assertThatThrownBy(() -> ProbePlan.of(ConfigLoader.parse(site + "probes:\n"
                + "  - {id: a, to: nginx, kind: tcp, port: 80}\n", "f"), "f"))
                .hasMessageContaining("probes[0] (a): to 'nginx': fe80::be24:11ff:fe00:101 is a link-local address, "
                        + "which a packet reaches only through the interface a zone names (fe80::be24:11ff:fe00:101%vmbr0)");
        assertThatThrownBy(() -> ProbePlan.of(ConfigLoader.parse(site + "probes:\n"
                + "  - {id: a, to: 'febf::1', kind: tcp, port: 80}\n", "f"), "f"))
                .hasMessageContaining("febf::1 is a link-local address");
        assertThatThrownBy(() -> ConfigLoader.parse(site + "probes:\n  - {id: a, to: 'fe80::1%eth0', kind: tcp, port: 80}\n",
                "f.yaml"))
                .hasMessageContaining("to 'fe80::1%eth0': an address with a zone (%eth0) is not taken");
        assertThat(ProbePlan.of(ConfigLoader.parse(site + "probes:\n  - {id: a, to: 'fec0::1', kind: tcp, port: 80}\n",
                "f"), "f").probes().get(0).destination()).isEqualTo("fec0::1");
    }

    @Test
    void a_dns_name_written_fully_qualified_with_its_final_dot_is_the_name() {
        // Given / When: the form zone files and dig answers write
        ProbeConfig config = ConfigLoader.parse(SITE + "probes:\n  - {id: a, to: host, kind: dns, dns: {name: ca.internal.test.}}\n",
                "f.yaml");

        // Then
        assertThat(config.probes().get(0).dns().name()).isEqualTo("ca.internal.test");
    }

    @Test
    void an_empty_file_or_one_of_comments_only_says_the_file_is_empty() {
        assertThatThrownBy(() -> ConfigLoader.parse("", "f.yaml")).hasMessage("f.yaml: the file is empty");
        assertThatThrownBy(() -> ConfigLoader.parse("# probes to come\n", "f.yaml")).hasMessage("f.yaml: the file is empty");
        assertThatThrownBy(() -> ConfigLoader.parse("---\n", "f.yaml")).hasMessage("f.yaml: the file is empty");
    }

    @Test
    void a_second_yaml_document_is_an_error_with_its_line_not_silently_left_out() {
        // Given the probes of a second file pasted below a first one, after a document marker
        String two = SITE + "probes:\n  - {id: a, to: nginx, kind: tcp, port: 80}\n---\nprobes:\n"
                + "  - {id: b, to: nginx, kind: tcp, port: 443}\n";

        // When / Then: not a configuration of probe a alone
        assertThatThrownBy(() -> ConfigLoader.parse(two, "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: a second YAML document begins at line 8 ('---'), and a probe configuration is one "
                        + "document: merge its keys into the first, or remove it");
        // and a marker that opens the file, or one with nothing after it, is no second document
        assertThat(ConfigLoader.parse("---\n" + SITE + "probes: []\n---\n", "f.yaml").site().guests()).hasSize(2);
    }

    @Test
    void the_phoenix_example_loads_with_the_whole_matrix() {
        Path phoenix = Path.of("..", "deploy", "phoenix", "phoenix.yaml");
        assertThat(Files.exists(phoenix)).as(phoenix.toAbsolutePath().toString()).isTrue();
        ProbePlan plan = ConfigLoader.load(phoenix);
        ai.thinkheads.droptrace.probes.run.ProbeExecutor.check(plan);
        assertThat(plan.probes()).extracting(p -> p.origin().name() + ">" + p.destination() + ":" + p.port())
                .contains("nginx-phoenix>10.0.0.12:80", "nginx-phoenix>10.0.0.12:8443", "traefik-internal>10.0.0.10:9000",
                        "nginx-phoenix>10.0.0.10:9000", "traefik-internal>10.0.0.111:9443", "step-ca>10.0.0.13:53");
        assertThat(plan.probes()).extracting(PlannedProbe::kind).contains(ProbeKind.values());
    }

    @Test
    void a_relative_trust_file_is_read_from_the_configuration_files_folder(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // Given a configuration beside its root certificate, and one anchor given by an absolute path
        Path config = Files.writeString(dir.resolve("probes.yaml"), SITE
                + "trust:\n  ca: {file: certs/root_ca.crt}\n  abs: {file: /etc/ssl/root.crt}\n  sys: {system: true}\n"
                + "probes: [{id: a, to: nginx, kind: tcp, port: 443}]\n");

        // When
        ProbePlan plan = ConfigLoader.load(config);

        // Then
        assertThat(plan.config().trust().get("ca").file()).isEqualTo(dir.resolve("certs/root_ca.crt").toString());
        assertThat(plan.config().trust().get("abs").file()).isEqualTo("/etc/ssl/root.crt");
        assertThat(plan.config().trust().get("sys").file()).isNull();
    }

    @Test
    void a_relative_file_to_compare_with_is_read_from_the_configuration_files_folder(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // Given a file probe that compares with a root beside the configuration, as a trust file can be
        Path config = Files.writeString(dir.resolve("probes.yaml"), SITE + "probes:\n"
                + "  - {id: a, kind: file, file: {path: /etc/ssl/root.crt, equalsFile: certs/root_ca.crt}}\n");

        // When
        ProbePlan plan = ConfigLoader.load(config);

        // Then it is not looked for in the directory the command runs in (a service's is /)
        assertThat(plan.probes().get(0).definition().file().equalsFile()).isEqualTo(dir.resolve("certs/root_ca.crt").toString());
    }
}
