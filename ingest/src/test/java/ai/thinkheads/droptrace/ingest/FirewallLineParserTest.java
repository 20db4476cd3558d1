package ai.thinkheads.droptrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.event.LoggerStatus;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.ingest.syslog.Rfc5424Parser;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FirewallLineParserTest {

    /** The fields of a kernel LOG line of a TCP SYN, as the kernel writes them. */
    private static final String KERNEL_FIELDS = "IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 "
            + "ID=1 DF PROTO=TCP SPT=1234 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0";
    private static final Instant RECEIVED = Instant.parse("2025-03-20T12:00:00Z");
    private final FirewallLineParser parser = new FirewallLineParser(
            SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"), Instant.parse("2025-03-20T00:00:00Z")));

    private ParseResult parse(String line) {
        return parser.parse(line, Origin.of("test", 7), RECEIVED);
    }

    private FirewallEvent parsed(String line) {
        ParseResult result = parse(line);
        assertThat(result).as(result.toString()).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event();
    }

    private String failure(String line) {
        ParseResult result = parse(line);
        assertThat(result).as(result.toString()).isInstanceOf(ParseResult.Failed.class);
        return ((ParseResult.Failed) result).reason();
    }

    @Test
    void a_ufw_block_line_in_rfc3164_syslog_is_a_kernel_drop_with_host_and_inferred_year() {
        // Given
        String line = "<4>Mar 14 09:12:44 pve1 kernel: [12345.678901] [UFW BLOCK] IN=vmbr0 OUT= "
                + "MAC=3c:ec:ef:10:20:30:00:1b:21:3a:4f:10:08:00 SRC=203.0.113.45 DST=192.0.2.10 LEN=60 TOS=0x00 "
                + "PREC=0x00 TTL=52 ID=40123 DF PROTO=TCP SPT=51514 DPT=3389 WINDOW=64240 RES=0x00 SYN URGP=0 ";
        // When
        FirewallEvent e = parsed(line);
        // Then
        assertThat(e.backend()).isEqualTo(Backend.KERNEL);
        assertThat(e.chain()).isEqualTo("-");
        assertThat(e.message()).isEqualTo("[UFW BLOCK]");
        assertThat(e.action()).isEqualTo(Action.DROP);
        assertThat(e.host()).isEqualTo("pve1");
        assertThat(e.level()).isEqualTo(4);
        assertThat(e.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44Z"));
        assertThat(e.zoneOffset()).as("RFC 3164 writes no zone: it was assumed").isNull();
        assertThat(e.packet().outInterface()).isNull();
        assertThat(e.packet().tcpFlags()).containsExactly("SYN");
        assertThat(e.packet().urgentPointer()).isZero();
        assertThat(e.flow().encode()).isEqualTo("203.0.113.45|192.0.2.10|tcp|3389");
    }

    @Test
    void the_year_of_a_december_line_read_in_january_is_the_year_before() {
        // Given
        FirewallLineParser january = new FirewallLineParser(
                SyslogYearAndZone.of(null, ZoneId.of("UTC"), Instant.parse("2025-01-02T00:00:00Z")));
        // When
        ParseResult result = january.parse("Dec 31 23:59:59 h kernel: DROP IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 "
                + "LEN=40 PROTO=TCP SPT=1 DPT=2", Origin.of("t", 1));
        // Then
        assertThat(((ParseResult.Parsed) result).event().time()).isEqualTo(Instant.parse("2024-12-31T23:59:59Z"));
    }

    @Test
    void a_year_written_after_the_day_by_a_network_device_is_used_and_only_the_zone_assumed() {
        // Given: Cisco's "service timestamps log datetime year" shape; the parser's own year would be 2025
        String fields = "IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=2 SYN ";
        // When
        FirewallEvent e = parsed("<4>Mar 14 2023 09:12:44 edge1 kernel: " + fields);
        // Then: Europe/Berlin is UTC+1 in March
        assertThat(e.time()).isEqualTo(Instant.parse("2023-03-14T08:12:44Z"));
        assertThat(e.host()).isEqualTo("edge1");
        // and a malformed variant: the time after the year is checked as before
        assertThat(failure("<4>Mar 14 2023 9:12:44 edge1 kernel: " + fields)).contains("timestamp");
        assertThat(failure("<4>Feb 29 2023 09:12:44 edge1 kernel: " + fields)).contains("day out of range");
    }

    @Test
    void a_given_year_is_used_as_is() {
        // Given
        FirewallLineParser fixed = new FirewallLineParser(
                SyslogYearAndZone.of(2019, ZoneId.of("UTC"), Instant.parse("2025-01-02T00:00:00Z")));
        // When
        ParseResult result = fixed.parse("Feb 28 10:00:00 h kernel: IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 "
                + "PROTO=TCP SPT=1 DPT=2", Origin.of("t", 1));
        // Then
        assertThat(((ParseResult.Parsed) result).event().time()).isEqualTo(Instant.parse("2019-02-28T10:00:00Z"));
    }

    @Test
    void an_rfc5424_wrapped_kernel_line_keeps_the_written_zone_and_host() {
        // Given
        String line = "<12>1 2025-03-14T09:12:44.123456+01:00 pve2 kernel - - - [UFW ALLOW] IN=vmbr0 OUT= "
                + "SRC=10.0.0.5 DST=10.0.0.6 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=ICMP TYPE=8 CODE=0 ID=9 SEQ=3 ";
        // When
        FirewallEvent e = parsed(line);
        // Then
        assertThat(e.host()).isEqualTo("pve2");
        assertThat(e.action()).isEqualTo(Action.ACCEPT);
        assertThat(e.zoneOffset()).isEqualTo("+0100");
        assertThat(e.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44.123456Z"));
        assertThat(e.packet().icmpId()).isEqualTo(9L);
        assertThat(e.packet().icmpSequence()).isEqualTo(3L);
        assertThat(e.packet().ipId()).isEqualTo(1L);
    }

    @Test
    void a_pve_line_forwarded_through_syslog_keeps_its_own_header_and_gains_the_host() {
        // Given
        String line = "2021-03-02T18:40:27.254Z cvn1 kernel: 0 6 PVEFW-HOST-IN 02/Mar/2021:19:40:22 +0100 policy DROP: "
                + "IN=enp1s0f0 MAC=a8:1e:84:96:92:20:a0:93:51:b7:50:73:08:00 SRC=10.11.12.13 DST=14.15.16.17 LEN=40 "
                + "TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=46363 DPT=8123 SEQ=3807223242 ACK=0 WINDOW=65535 SYN";
        // When
        FirewallEvent e = parsed(line);
        // Then
        assertThat(e.backend()).isEqualTo(Backend.IPTABLES);
        assertThat(e.chain()).isEqualTo("PVEFW-HOST-IN");
        assertThat(e.host()).isEqualTo("cvn1");
        assertThat(e.action()).isEqualTo(Action.DROP);
        assertThat(e.policy()).isTrue();
        assertThat(e.time()).isEqualTo(Instant.parse("2021-03-02T18:40:22Z"));
        assertThat(e.packet().physIn()).isNull();
    }

    @Test
    void a_kernel_line_in_rfc5424_syslog_keeps_the_zone_its_sender_wrote() {
        // Given two senders west and east of UTC, one after the other
        String west = "<4>1 2025-03-14T09:12:44-05:30 pve2 kernel - - - [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 "
                + "DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=1234 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0";
        String east = west.replace("-05:30 pve2", "+01:00 pve1");
        // When
        FirewallEvent w = parsed(west);
        FirewallEvent e = parsed(east);
        // Then
        assertThat(w.zoneOffset()).isEqualTo("-0530");
        assertThat(w.host()).isEqualTo("pve2");
        assertThat(w.time()).isEqualTo(Instant.parse("2025-03-14T14:42:44Z"));
        assertThat(e.zoneOffset()).isEqualTo("+0100");
        assertThat(e.host()).isEqualTo("pve1");
    }

    @Test
    void rsyslogs_forward_format_is_a_pri_before_an_rfc3339_time_not_rfc5424() {
        // Given RSYSLOG_ForwardFormat (<PRI>, an RFC 3339 time, host, tag): a kernel line and a pve line
        String kernel = "<4>2025-03-14T09:12:44.123456-05:30 pve2 kernel: [12345.678901] [UFW BLOCK] IN=eth0 OUT= "
                + "SRC=10.0.0.1 DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=1234 DPT=22 "
                + "WINDOW=64240 RES=0x00 SYN URGP=0";
        String pve = "<14>2025-03-14T09:20:15+01:00 pve1 pvefw-logger: 100 6 tap100i0-IN 14/Mar/2025:09:20:15 +0100 "
                + "policy DROP: IN=fwbr100i0 OUT=fwbr100i0 PHYSIN=fwln100i0 PHYSOUT=tap100i0 SRC=10.0.0.5 "
                + "DST=10.0.0.100 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=22 "
                + "WINDOW=64240 RES=0x00 SYN URGP=0 ";
        // When
        FirewallEvent k = parsed(kernel);
        FirewallEvent p = parsed(pve);
        // Then the time and zone are the ones written, as for RFC 5424
        assertThat(k.time()).isEqualTo(Instant.parse("2025-03-14T14:42:44.123456Z"));
        assertThat(k.zoneOffset()).isEqualTo("-0530");
        assertThat(k.host()).isEqualTo("pve2");
        assertThat(k.level()).isEqualTo(4);
        assertThat(k.packet().destinationPort()).isEqualTo(22);
        assertThat(p.vmid()).isEqualTo(100);
        assertThat(p.host()).isEqualTo("pve1");
        assertThat(p.time()).isEqualTo(Instant.parse("2025-03-14T08:20:15Z"));
        // and an RFC 5424 version is still one to three digits and a space
        assertThat(Rfc5424Parser.looksLike("<4>1 2025-03-14T09:12:44Z h k - - - m", 0)).isTrue();
        assertThat(Rfc5424Parser.looksLike("<4>123 2025-03-14T09:12:44Z h k - - - m", 0)).isTrue();
        assertThat(Rfc5424Parser.looksLike(kernel, 0)).isFalse();
        assertThat(failure(kernel.replace("09:12:44.123456", "29:12:44.123456"))).contains("timestamp");
    }

    @Test
    void a_conntrack_line_forwarded_through_syslog_is_a_conntrack_status_line_of_its_host() {
        // Given a line of pve-firewall.log forwarded by a syslog daemon that tags it with the file's name
        String line = "<30>Mar 14 09:12:44 pve3 pve-firewall:  [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 "
                + "sport=40000 dport=22 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=22 dport=40000";
        // When
        ParseResult result = parse(line);
        // Then
        assertThat(result).isInstanceOf(ParseResult.Status.class);
        ParseResult.Status status = (ParseResult.Status) result;
        assertThat(status.kind()).isEqualTo(LoggerStatus.Kind.CONNTRACK);
        assertThat(status.host()).isEqualTo("pve3");
        assertThat(status.time()).as("the syslog header's time").isNotNull();
    }

    @Test
    void journald_short_iso_output_and_bare_message_text_both_parse() {
        // Given
        String shortIso = "2025-03-14T09:12:44+0100 pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 "
                + "LEN=40 PROTO=UDP SPT=1 DPT=53 LEN=20 ";
        String messageText = "[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=UDP SPT=1 DPT=53 LEN=20 ";
        // When
        FirewallEvent iso = parsed(shortIso);
        FirewallEvent bare = parsed(messageText);
        // Then
        assertThat(iso.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44Z"));
        assertThat(iso.zoneOffset()).isEqualTo("+0100");
        assertThat(bare.time()).as("no time in the line: the receive time").isEqualTo(RECEIVED);
        assertThat(bare.zoneOffset()).isNull();
        assertThat(bare.packet().udpLength()).isEqualTo(20);
        assertThat(bare.packet().length()).isEqualTo(40);
    }

    @Test
    void journald_short_precise_and_short_unix_keep_their_fractions_and_host() {
        // Given: journalctl -k -o short-precise and -o short-unix (the parser's zone is Europe/Berlin, CET in March)
        String fields = "kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=UDP SPT=1 DPT=53 LEN=20 ";
        // When
        FirewallEvent precise = parsed("Mar 14 09:12:44.123456 pve1 " + fields);
        FirewallEvent unix = parsed("1741939964.123456 pve1 " + fields);
        // Then
        assertThat(precise.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44.123456Z"));
        assertThat(precise.host()).isEqualTo("pve1");
        assertThat(unix.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44.123456Z"));
        assertThat(unix.host()).isEqualTo("pve1");
        assertThat(unix.zoneOffset()).as("an instant, not a local time").isNull();
        // A broken fraction is the reason, not a silent receive time
        assertThat(failure("Mar 14 09:12:44.12x pve1 " + fields)).contains("expecting a space after the timestamp");
    }

    @Test
    void a_bare_kernel_line_without_any_time_fails_when_no_receive_time_is_known() {
        // When
        ParseResult result = parser.parse("[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=UDP "
                + "SPT=1 DPT=53 LEN=20", Origin.of("t", 1));
        // Then
        assertThat(((ParseResult.Failed) result).reason()).contains("no time");
    }

    @Test
    void a_journalctl_json_entry_is_its_message_at_the_time_the_journal_received_it() {
        // Given: `journalctl -k -o json` output, one entry per line
        String message = "[UFW BLOCK] IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=10.0.0.1 "
                + "DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=1 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0 ";
        String entry = "{\"__CURSOR\":\"s=1;i=2\",\"__REALTIME_TIMESTAMP\":\"1710404000123456\",\"_BOOT_ID\":\"b\","
                + "\"PRIORITY\":\"4\",\"_TRANSPORT\":\"kernel\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"_HOSTNAME\":\"pve1\","
                + "\"_SOURCE_MONOTONIC_TIMESTAMP\":\"0\",\"MESSAGE\":\"" + message + "\"}";
        // When
        FirewallEvent e = parsed(entry);
        // Then
        assertThat(e.time()).isEqualTo(Instant.parse("2024-03-14T08:13:20.123456Z"));
        assertThat(e.host()).isEqualTo("pve1");
        assertThat(e.level()).isEqualTo(4);
        assertThat(e.message()).isEqualTo("[UFW BLOCK]");
        assertThat(e.packet().destinationPort()).isEqualTo(22);
        assertThat(e.line()).isEqualTo(message);
    }

    @Test
    void a_field_line_of_journalctls_export_or_verbose_output_is_a_failure_that_says_to_give_json() {
        // Given the lines of one kernel entry as journalctl -o export and -o verbose print them
        for (String line : new String[] {"MESSAGE=[UFW BLOCK] " + KERNEL_FIELDS,
            "    MESSAGE=[UFW BLOCK] " + KERNEL_FIELDS,
            "__REALTIME_TIMESTAMP=1710404000123456", "_HOSTNAME=pve1", "    _TRANSPORT=kernel", "PRIORITY=4",
            "SYSLOG_IDENTIFIER=kernel"}) {
            // Then each is a failure that says what it is and what to give instead, not an event at the time of reading
            assertThat(failure(line)).as(line).contains("journalctl -o export").contains("-o json");
        }
        // and a bare kernel line, whatever its first field, is still one
        assertThat(parsed(KERNEL_FIELDS).packet().destinationPort()).isEqualTo(22);
        assertThat(parsed("MARK=0x1 " + KERNEL_FIELDS).packet().destinationPort()).isEqualTo(22);
        assertThat(failure("_x=1")).doesNotContain("journalctl");
    }

    @Test
    void a_message_journalctl_export_writes_as_length_and_bytes_is_a_failure_not_an_event() {
        // Given a kernel entry whose message is not UTF-8: -o export writes "MESSAGE", then 8 bytes of length
        // (little endian), the bytes and a newline; read as text lines, with U+FFFD for the byte that is not UTF-8
        String bytes = "\uFFFD\u0000\u0000\u0000\u0000\u0000\u0000\u0000[DROP \uFFFD] " + KERNEL_FIELDS;
        // Then neither line is an event at the time of reading
        assertThat(failure("MESSAGE")).contains("journalctl -o export").contains("-o json");
        assertThat(failure("_SYSTEMD_UNIT ")).contains("journalctl -o export");
        assertThat(failure(bytes)).contains("binary data").contains("-o json");
        assertThat(failure("\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000" + KERNEL_FIELDS)).contains("binary data");
        assertThat(failure("\u0000\u0001\u0000\u0000\u0000\u0000\u0000\u0000" + KERNEL_FIELDS)).contains("binary data");
        // and a word in capitals alone is no journal field name
        assertThat(failure("DROP")).doesNotContain("journalctl");
    }

    @Test
    void journalctl_json_pretty_lines_are_failures_that_say_to_give_one_object_a_line() {
        // Given the lines of one entry as journalctl -o json-pretty (a tab) and jq (two spaces) print them
        for (String line : new String[] {"{", "}", "\t\"__REALTIME_TIMESTAMP\" : \"1710404000123456\",",
            "\t\"MESSAGE\" : \"[UFW BLOCK] " + KERNEL_FIELDS + " OPT (020405B40402080A)\",",
            "  \"MESSAGE\": \"" + KERNEL_FIELDS + "\",",
            "\t\"_HOSTNAME\" : \"pve1\""}) {
            // Then each is a failure naming json-pretty, never an event at the time of reading
            assertThat(failure(line)).as(line).contains("json-pretty").contains("journalctl -o json");
        }
        // and pvesh's JSON keeps its own hint
        assertThat(failure("  \"t\": \"100 6 tap100i0-IN\",")).contains("pvesh");
    }

    @Test
    void journalctl_json_pretty_lines_of_a_message_written_as_bytes_are_failures_that_say_to_give_one_object_a_line() {
        // Given: a MESSAGE that is not text (a CR in it, or not UTF-8), which journalctl -o json-pretty writes as an
        // array of its bytes, one a line (jq: two spaces a level)
        for (String line : new String[] {"\t\"MESSAGE\" : [", "\t\t68,", "\t\t82,", "\t\t255,", "\t\t13", "\t],",
            "    68,", "  ],"}) {
            // Then each is a failure naming json-pretty (before, each byte's line was one for its want of netfilter
            // fields)
            assertThat(failure(line)).as(line).contains("json-pretty").contains("journalctl -o json");
        }
        // and a number that no array's indentation holds is not taken for one
        assertThat(failure("68,")).doesNotContain("json-pretty");
        assertThat(failure("\t\t1234,")).doesNotContain("json-pretty");
    }

    @Test
    void dmesg_raw_and_journalctl_short_monotonic_lines_are_kernel_lines_with_their_level_and_host() {
        // dmesg -r: the kernel's level before the uptime
        FirewallEvent raw = parsed("<4>[  307.757925] [UFW BLOCK] " + KERNEL_FIELDS);
        assertThat(raw.level()).isEqualTo(4);
        assertThat(raw.message()).isEqualTo("[UFW BLOCK]");
        assertThat(parsed("<12>[  307.757925] [UFW BLOCK] " + KERNEL_FIELDS).level()).isEqualTo(4);
        // journalctl -o short-monotonic: uptime, host and tag
        FirewallEvent monotonic = parsed("[1710404.000123] pve1 kernel: [UFW BLOCK] " + KERNEL_FIELDS);
        assertThat(monotonic.host()).isEqualTo("pve1");
        assertThat(monotonic.message()).isEqualTo("[UFW BLOCK]");
        // and a dmesg line with a prefix of several words is still one, without a host
        FirewallEvent dmesg = parsed("[  307.757925] my chain kernel DROP " + KERNEL_FIELDS);
        assertThat(dmesg.host()).isNull();
        assertThat(failure("[  307.757925] pve1 kernel: [195B blob data]")).contains("--all");
    }

    @Test
    void dmesg_decoded_lines_are_read_after_their_facility_and_level_at_that_level() {
        // dmesg -x -T: the time in the bracket is the event's, the level in words its level
        FirewallEvent timed = parsed("kern  :warn  : [Fri Mar 14 09:12:44 2025] [UFW BLOCK] " + KERNEL_FIELDS);
        assertThat(timed.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44Z"));
        assertThat(timed.level()).isEqualTo(4);
        assertThat(timed.message()).isEqualTo("[UFW BLOCK]");
        // dmesg -x: the uptime stamp, timed by the reading
        FirewallEvent uptime = parsed("kern  :info  : [  307.757925] [UFW BLOCK] " + KERNEL_FIELDS);
        assertThat(uptime.level()).isEqualTo(6);
        assertThat(uptime.time()).isEqualTo(RECEIVED);
        // and a kernel LOG prefix that looks alike is still the prefix
        assertThat(parsed("block:err: " + KERNEL_FIELDS).message()).isEqualTo("block:err");
    }

    @Test
    void a_journal_message_that_is_not_utf8_arrives_as_bytes_and_is_read_too() {
        // Given: journalctl writes such a MESSAGE as an array of byte values (here 0xff in the prefix)
        byte[] text = "X? IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        text[1] = (byte) 0xff;
        StringBuilder array = new StringBuilder();
        for (byte b : text) {
            array.append(array.length() == 0 ? "[" : ",").append(b & 0xff);
        }
        array.append(']');
        // When
        FirewallEvent e = parsed("{\"__REALTIME_TIMESTAMP\":\"1710404000000000\",\"MESSAGE\":" + array + "}");
        // Then
        assertThat(e.packet().destinationPort()).isEqualTo(53);
        assertThat(e.message()).isEqualTo("X\uFFFD");
    }

    @Test
    void a_field_the_journal_entry_holds_twice_which_journalctl_writes_as_an_array_of_values_is_read_at_its_last_value() {
        // Given: what journalctl -o json wrote for an entry with SYSLOG_IDENTIFIER twice (systemd 252, from a journal
        // systemd-journal-remote made), and one with its host twice, one of them not UTF-8, so written as bytes
        String message = "[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40";
        String identifiers = "{\"_HOSTNAME\":\"pve1\",\"SYSLOG_IDENTIFIER\":[\"kernel\",\"kern2\"],"
                + "\"__REALTIME_TIMESTAMP\":\"1710404000123456\",\"PRIORITY\":\"4\",\"MESSAGE\":\"" + message + "\"}";
        String hosts = "{\"_HOSTNAME\":[[112,118,101,255],\"pve2\"],\"__REALTIME_TIMESTAMP\":\"1710404000123456\","
                + "\"MESSAGE\":[\"first\",\"" + message + "\"]}";
        // When
        FirewallEvent e = parsed(identifiers);
        FirewallEvent second = parsed(hosts);
        // Then: an event each (before, each was a dead letter: "an array of something else than bytes"), of the last
        // value, as journalctl -o short shows such an entry
        assertThat(e.packet().destinationPort()).isEqualTo(53);
        assertThat(e.host()).isEqualTo("pve1");
        assertThat(second.host()).isEqualTo("pve2");
        assertThat(second.line()).isEqualTo(message);
        // and an array of values mixed with something else is still no entry
        assertThat(failure("{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":[\"a\",1]}"))
                .isEqualTo("field MESSAGE is an array of something else than values or bytes");
    }

    @Test
    void a_journal_message_that_ends_in_a_line_end_is_read_without_it() {
        // Given: messages a sender ended with CR LF or LF, which journald kept (journalctl -o json writes the first as
        // an array of its bytes: a CR is no text), a UDP line's last field at their end
        String udp = "[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40";
        StringBuilder bytes = new StringBuilder();
        for (byte b : (udp + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            bytes.append(bytes.length() == 0 ? "[" : ",").append(b);
        }
        bytes.append(']');
        // When
        FirewallEvent crlf = parsed("{\"__REALTIME_TIMESTAMP\":\"1710404000000000\",\"MESSAGE\":" + bytes + "}");
        FirewallEvent lf = parsed("{\"__REALTIME_TIMESTAMP\":\"1710404000000000\",\"MESSAGE\":\"" + udp + "\\n\"}");
        // Then: events with the UDP length (before, dead letters: "LEN is not a number: '40\x0d'")
        assertThat(crlf.packet().udpLength()).isEqualTo(40);
        assertThat(crlf.line()).isEqualTo(udp);
        assertThat(lf.packet().udpLength()).isEqualTo(40);
    }

    @Test
    void rsyslogs_summary_of_a_repeated_message_is_the_event_of_that_message() {
        // Given: rsyslog's RepeatedMsgReduction (on in Ubuntu's rsyslog.conf) writing an IPv6 SYN sent again, whose
        // lines are the same, and a UDP line, as kern.log holds them
        String syn = "[UFW BLOCK] IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:86:dd SRC=2001:0db8:0000:0000:0000:"
                + "0000:0000:0001 DST=2001:0db8:0000:0000:0000:0000:0000:0002 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=12345 "
                + "PROTO=TCP SPT=40000 DPT=22 WINDOW=64800 RES=0x00 SYN URGP=0 ";
        String udp = "[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40";
        // When
        FirewallEvent tcp = parsed("Mar 14 09:12:44 web1 kernel: message repeated 2 times: [ " + syn + "]");
        FirewallEvent datagram = parsed("<4>Mar 14 09:12:44 web1 kernel: message repeated 12 times: [ " + udp + "]");
        // Then: the event of the message, with its own prefix (before: 'message repeated 2 times: [ [UFW BLOCK]') and
        // last field (before, a dead letter: "LEN is not a number: '40]'")
        assertThat(tcp.message()).isEqualTo("[UFW BLOCK]");
        assertThat(tcp.host()).isEqualTo("web1");
        assertThat(tcp.packet().tcpFlags()).containsExactly("SYN");
        assertThat(datagram.message()).isEqualTo("[UFW BLOCK]");
        assertThat(datagram.packet().udpLength()).isEqualTo(40);
        assertThat(datagram.line()).endsWith("message repeated 12 times: [ " + udp);
        assertThat(parsed("2025-03-14T09:12:44+01:00 web1 kernel:  message repeated 2 times: [ " + udp + "]").message())
                .isEqualTo("[UFW BLOCK]");
        // and a message that only starts like it is read as it is
        assertThat(failure("Mar 14 09:12:44 web1 kernel: message repeated 2 times: nothing")).startsWith("no netfilter");
    }

    @Test
    void journalctl_short_monotonic_reads_pvefw_loggers_status_lines_and_pve_lines_as_its_other_short_formats_do() {
        // Given: journalctl -o short-monotonic lines of pvefw-logger (which sends its status lines to syslog) and of a
        // pve line in a kernel message
        String pve = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 "
                + "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=47120 DPT=23 "
                + "SEQ=1729183520 ACK=0 WINDOW=1024 SYN ";
        // When
        ParseResult started = parse("[1735686.001000] pve1 pvefw-logger[99]: starting pvefw logger");
        ParseResult skipped = parse("[   12.000001] pve1 pvefw-logger: skipped 5 log entries (queue full)");
        ParseResult line = parse("[1735686.002000] pve1 kernel: " + pve);
        // Then: the status lines (before, dead letters: "no netfilter fields") and the pve line's event (before, a
        // kernel line whose prefix was the pve header, vmid 0)
        assertThat(started).isInstanceOfSatisfying(ParseResult.Status.class, s -> {
            assertThat(s.kind()).isEqualTo(LoggerStatus.Kind.STARTED);
            assertThat(s.host()).isEqualTo("pve1");
        });
        assertThat(skipped).isInstanceOfSatisfying(ParseResult.Status.class, s -> assertThat(s.skipped()).isEqualTo(5));
        assertThat(line).isInstanceOfSatisfying(ParseResult.Parsed.class, p -> {
            assertThat(p.event().vmid()).isEqualTo(100);
            assertThat(p.event().chain()).isEqualTo("tap100i0-IN");
            assertThat(p.event().host()).isEqualTo("pve1");
        });
        // and another tag's line is still no firewall line
        assertThat(failure("[1735686.000000] pve1 sshd[123]: Accepted publickey for root")).startsWith("no netfilter");
    }

    @Test
    void the_delta_of_dmesg_d_and_journalctl_short_delta_is_part_of_the_uptime_stamp_not_of_the_prefix() {
        // Given: dmesg -d (--show-delta) and journalctl -o short-delta, whose first line pads the delta's place
        FirewallEvent dmesg = parsed("[53561.980894 <    0.000002>] [UFW BLOCK] " + KERNEL_FIELDS);
        FirewallEvent decoded = parsed("kern  :warn  : [53561.980894 <    0.000002>] [UFW BLOCK] " + KERNEL_FIELDS);
        FirewallEvent first = parsed("[1735685.999123                ] pve1 kernel: [UFW BLOCK] " + KERNEL_FIELDS);
        FirewallEvent next = parsed("[1735686.002000 <    0.001000 >] pve1 kernel: DROP-IN: " + KERNEL_FIELDS);
        // Then: the prefix alone (before: '[1735685.999123                ] pve1 kernel: [UFW BLOCK]'), and
        // short-delta's host, as short-monotonic's
        assertThat(dmesg.message()).isEqualTo("[UFW BLOCK]");
        assertThat(decoded.message()).isEqualTo("[UFW BLOCK]");
        assertThat(first.message()).isEqualTo("[UFW BLOCK]");
        assertThat(first.host()).isEqualTo("pve1");
        assertThat(next.message()).isEqualTo("DROP-IN");
        assertThat(next.action()).isEqualTo(Action.DROP);
        assertThat(next.time()).isEqualTo(RECEIVED);
        // and a bracket that only starts like one is the prefix it is
        assertThat(parsed("[12 BLOCK] " + KERNEL_FIELDS).message()).isEqualTo("[12 BLOCK]");
        assertThat(parsed("[12 <BLOCK>] " + KERNEL_FIELDS).message()).isEqualTo("[12 <BLOCK>]");
    }

    @Test
    void json_that_is_no_journal_entry_is_a_failure_with_the_reason() {
        assertThat(failure("{\"msg\":\"IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 PROTO=TCP\"}"))
                .isEqualTo("a JSON object without MESSAGE: not a journald entry (journalctl -o json)");
        assertThat(failure("{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":null}"))
                .isEqualTo("the entry's MESSAGE is null: journalctl leaves out fields over 4,096 bytes unless given --all");
        assertThat(failure("{\"MESSAGE\":\"IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 PROTO=TCP\"}"))
                .isEqualTo("a journald entry without __REALTIME_TIMESTAMP");
        assertThat(failure("{\"__REALTIME_TIMESTAMP\":\"soon\",\"MESSAGE\":\"x\"}"))
                .isEqualTo("__REALTIME_TIMESTAMP is not microseconds since 1970: 'soon'");
        assertThat(failure("{\"MESSAGE\":\"x\"")).startsWith("not JSON (");
        assertThat(failure("{\"MESSAGE\":\"x\"} {}")).isEqualTo("not one JSON object on the line");
        assertThat(failure("{\"MESSAGE\":{\"a\":1}}")).isEqualTo("field MESSAGE is not a string");
        assertThat(failure("{\"MESSAGE\":[1,\"a\"]}")).isEqualTo("field MESSAGE is an array of something else than bytes");
    }

    @Test
    void dmesg_human_readable_and_iso_times_are_the_lines_time() {
        String fields = "IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ";
        // dmesg -T: ctime's form in the machine's local time (the parser's zone is Europe/Berlin, UTC+1 in March)
        FirewallEvent t = parsed("[Fri Mar 14 09:12:44 2025] [UFW BLOCK] " + fields);
        assertThat(t.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44Z"));
        assertThat(t.message()).isEqualTo("[UFW BLOCK]");
        assertThat(t.zoneOffset()).as("assumed, not written").isNull();
        assertThat(parsed("[Thu Mar  6 09:12:44 2025] " + fields).time()).isEqualTo(Instant.parse("2025-03-06T08:12:44Z"));
        // dmesg --time-format iso: ISO 8601 with a comma before the fraction, no host and no tag
        FirewallEvent iso = parsed("2025-03-14T09:12:44,123456+01:00 [UFW BLOCK] " + fields);
        assertThat(iso.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44.123456Z"));
        assertThat(iso.host()).isNull();
        assertThat(iso.message()).isEqualTo("[UFW BLOCK]");
        FirewallEvent bare = parsed("2025-03-14T09:12:44,123456+01:00 " + fields);
        assertThat(bare.packet().inInterface()).isEqualTo("eth0");
        assertThat(bare.host()).isNull();
        // malformed variants
        assertThat(failure("[Fri Mar 14 25:12:44 2025] " + fields)).isEqualTo(
                "not a time in dmesg -T's bracket: [Fri Mar 14 25:12:44 2025]");
        assertThat(failure("[Fri Feb 29 09:12:44 2025] " + fields)).contains("dmesg -T");
    }

    @Test
    void the_file_name_and_line_number_grep_puts_in_front_of_a_line_are_not_part_of_it() {
        // Given: what `grep DROP /var/log/pve-firewall.log*`, `grep -n` and `grep UFW /var/log/syslog*` print
        String pve = "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 "
                + "SRC=10.0.0.5 DST=10.0.0.7 LEN=60 PROTO=TCP SPT=40000 DPT=443 SYN ";
        for (String prefix : new String[] {"/var/log/pve-firewall.log.1:", "pve-firewall.log:", "123:",
            "/var/log/pve-firewall.log:12:"}) {
            // When
            FirewallEvent e = parsed(prefix + pve);
            // Then: the pve line it is, with its own vmid, chain and time, and its raw line without the prefix
            assertThat(e.vmid()).as(prefix).isEqualTo(100);
            assertThat(e.chain()).isEqualTo("tap100i0-IN");
            assertThat(e.time()).isEqualTo(Instant.parse("2025-03-14T08:20:15Z"));
            assertThat(e.line()).isEqualTo(pve);
        }
        FirewallEvent syslog = parsed("/var/log/syslog.1:Mar 14 09:12:44 pve1 kernel: [UFW BLOCK] IN=eth0 OUT= "
                + "SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ");
        assertThat(syslog.host()).isEqualTo("pve1");
        assertThat(syslog.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44Z"));
        // dmesg's lines, with their uptime stamp (grep UFW dmesg.txt dmesg.old.txt), and journalctl's short-monotonic
        FirewallEvent dmesg = parsed("dmesg.txt:[  307.757925] [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 "
                + "LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ");
        assertThat(dmesg.message()).as("before: 'dmesg.txt:[  307.757925] [UFW BLOCK]'").isEqualTo("[UFW BLOCK]");
        assertThat(dmesg.action()).isEqualTo(Action.DROP);
        assertThat(dmesg.line()).startsWith("[  307.757925] [UFW BLOCK] IN=eth0");
        assertThat(parsed("12:[1710404.000123] pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 "
                + "LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ").host()).isEqualTo("pve1");
        // a malformed line after the prefix fails for what is wrong with it
        assertThat(failure("/var/log/pve-firewall.log.1:" + pve.replace("14/Mar/2025", "14/Foo/2025")))
                .contains("timestamp");
        // and a kernel prefix that ends in a colon stays the prefix of a bare kernel line
        FirewallEvent custom = parsed("FW-DROP: IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ");
        assertThat(custom.message()).isEqualTo("FW-DROP");
        assertThat(custom.time()).isEqualTo(RECEIVED);
    }

    @Test
    void pveshs_firewall_log_output_is_its_pve_lines_or_a_failure_that_says_how_to_get_them() {
        String pve = "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 "
                + "SRC=10.0.0.5 DST=10.0.0.7 LEN=60 PROTO=TCP SPT=40000 DPT=443 SYN ";
        // a row of the text table, with box-drawing or ASCII borders: the line in its cell
        FirewallEvent boxed = parsed("\u2502 1 \u2502 " + pve + " \u2502");
        assertThat(boxed.vmid()).isEqualTo(100);
        assertThat(boxed.time()).isEqualTo(Instant.parse("2025-03-14T08:20:15Z"));
        assertThat(boxed.line()).isEqualTo(pve.strip());
        assertThat(parsed("| 12 | " + pve + " |").packet().destination()).isEqualTo("10.0.0.7");
        assertThat(failure("\u2502 n \u2502 t \u2502")).startsWith("no netfilter fields");
        // a kernel prefix between bars is no table row
        assertThat(parsed("|DROP| IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ").message())
                .isEqualTo("|DROP|");
        assertThat(failure("\u2502 1 \u2502 " + pve.replace("DST=10.0.0.7", "DST=10.0.0.700") + " \u2502")).contains("DST");
        // its JSON: one line holds many log lines (or, pretty, a piece of one): said, never read as a kernel line
        String hint = "JSON, not a log line (pvesh's --output-format json?): give the log lines themselves, "
                + "e.g. pvesh get /nodes/NODE/firewall/log --output-format json | jq -r '.[].t'";
        assertThat(failure("[{\"n\":1,\"t\":\"" + pve + "\"},{\"n\":2,\"t\":\"" + pve + "\"}]")).isEqualTo(hint);
        assertThat(failure("      \"t\" : \"" + pve + "\"")).isEqualTo(hint);
        // one entry per line, as jq -c '.[]' prints them: the line in it
        FirewallEvent entry = parsed("{\"n\":7,\"t\":\"" + pve + "\"}");
        assertThat(entry.vmid()).isEqualTo(100);
        assertThat(entry.time()).isEqualTo(Instant.parse("2025-03-14T08:20:15Z"));
        // a kernel line in brackets is still one
        assertThat(parsed("[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ")
                .message()).isEqualTo("[UFW BLOCK]");
    }

    @Test
    void journalctl_short_full_is_read_in_the_assumed_zone_or_in_utc_when_it_says_so() {
        String rest = " pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ";
        FirewallEvent cet = parsed("Thu 2024-03-14 09:13:20 CET" + rest);
        assertThat(cet.time()).isEqualTo(Instant.parse("2024-03-14T08:13:20Z"));
        assertThat(cet.host()).isEqualTo("pve1");
        assertThat(cet.message()).isEqualTo("[UFW BLOCK]");
        assertThat(parsed("Thu 2024-03-14 09:13:20 UTC" + rest).time()).isEqualTo(Instant.parse("2024-03-14T09:13:20Z"));
        assertThat(failure("Fri 2024-02-30 09:13:20 CET" + rest)).contains("day out of range");
        assertThat(failure("Thu 2024-03-14 25:13:20 CET" + rest)).contains("Thu 2024-03-14 09:13:20 CET");
    }

    @Test
    void an_rfc5424_timestamp_with_nanoseconds_is_read_for_firewall_lines() {
        // Given: RFC 5424 allows 6 fraction digits; senders that keep nanoseconds write 9
        String fields = "[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN ";
        // When
        FirewallEvent e = parsed("<4>1 2025-03-14T09:12:44.123456789+01:00 pve1 kernel - - - " + fields);
        // Then
        assertThat(e.time()).isEqualTo(Instant.parse("2025-03-14T08:12:44.123456789Z"));
        assertThat(e.host()).isEqualTo("pve1");
        // ten digits are still no timestamp
        assertThat(failure("<4>1 2025-03-14T09:12:44.1234567890+01:00 pve1 kernel - - - " + fields))
                .contains("RFC3339MICRO");
    }

    @Test
    void an_ulogd_logemu_line_has_host_and_prefix_without_a_tag() {
        // Given
        String line = "Mar 14 09:12:44 fw01 DROP-IN IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 "
                + "SRC=198.51.100.1 DST=192.0.2.1 LEN=52 TOS=00 PREC=0x00 TTL=50 ID=7 DF PROTO=TCP SPT=1234 DPT=22 "
                + "SEQ=1 ACK=0 WINDOW=512 SYN URGP=0 MARK=0 ";
        // When
        FirewallEvent e = parsed(line);
        // Then
        assertThat(e.host()).isEqualTo("fw01");
        assertThat(e.message()).isEqualTo("DROP-IN");
        assertThat(e.action()).isEqualTo(Action.DROP);
        assertThat(e.packet().destinationPort()).isEqualTo(22);
    }

    @Test
    void an_ubiquiti_prefix_glued_onto_the_fields_gives_the_rule_action_and_extra_mac_bytes_are_ignored() {
        // Given
        String line = "Jan  5 20:17:05 MainFirewall kernel: [LAN_LOCAL-default-A]IN=eth0.90 OUT= "
                + "MAC=90:10:92:6e:ea:a7:90:10:73:ba:d6:77:08:00:45:fc:02:1c SRC=192.168.48.137 DST=255.55.174.225 "
                + "LEN=540 TOS=0x1C PREC=0xE0 TTL=64 ID=27223 PROTO=UDP SPT=48689 DPT=48689 LEN=520 ";
        // When
        FirewallEvent e = parsed(line);
        // Then
        assertThat(e.message()).isEqualTo("[LAN_LOCAL-default-A]");
        assertThat(e.action()).isEqualTo(Action.ACCEPT);
        assertThat(e.packet().inInterface()).isEqualTo("eth0.90");
        assertThat(e.packet().etherType()).isEqualTo("08:00");
        assertThat(e.packet().macSource()).isEqualTo("90:10:73:ba:d6:77");
    }

    @Test
    void a_kernel_ipv6_address_is_compressed_like_pvefw_logger_writes_it() {
        // Given
        String line = "Jan 22 09:05:05 ubuntu-bionic kernel: [16571.459614] IN= OUT=lo "
                + "SRC=2001:0db8:0000:0000:0000:0000:0000:0001 DST=2001:0db8:0000:0000:0000:0000:0000:0002 LEN=104 "
                + "TC=0 HOPLIMIT=64 FLOWLBL=868225 PROTO=ICMPv6 TYPE=128 CODE=0 ID=3427 SEQ=1 ";
        // When
        Packet p = parsed(line).packet();
        // Then
        assertThat(p.source()).isEqualTo("2001:db8::1");
        assertThat(p.destination()).isEqualTo("2001:db8::2");
        assertThat(p.protocol()).isEqualTo("ICMPV6");
        assertThat(p.length()).as("the kernel's LEN=104 counts the 40-byte header; pvefw-logger writes the payload's 64")
                .isEqualTo(64);
        assertThat(p.icmpType()).isEqualTo(128);
        assertThat(p.icmpId()).isEqualTo(3427L);
        assertThat(p.icmpSequence()).isEqualTo(1L);
        assertThat(p.inInterface()).isNull();
    }

    @Test
    void an_ipv6_address_in_another_form_gives_the_flow_of_the_form_pvefw_logger_writes() {
        // Given: one flow written in three forms of its addresses (leading zeros, a zero group not compressed, upper
        // case), as a relay or a hand-written line may, and the flow a probe of 2001:db8::1 -> 2001:db8:200::102 has
        String line = "Mar 14 09:12:44 pve2 kernel: DROP: IN=vmbr0 OUT= SRC=%s DST=%s LEN=80 TC=0 HOPLIMIT=57 "
                + "FLOWLBL=0 PROTO=TCP SPT=50112 DPT=3306 WINDOW=64240 RES=0x00 SYN URGP=0 ";
        FlowKey probe = new FlowKey("2001:db8::1", "2001:db8:200::102", "tcp", 3306);
        // When
        FirewallEvent leadingZeros = parsed(String.format(line, "2001:0db8:0000::0001", "2001:db8:200:0::102"));
        FirewallEvent upperCase = parsed(String.format(line, "2001:DB8:0:0:0:0:0:1", "2001:DB8:200::0:0:102"));
        // Then
        assertThat(leadingZeros.packet().source()).isEqualTo("2001:db8::1");
        assertThat(leadingZeros.flow()).isEqualTo(probe);
        assertThat(upperCase.flow()).isEqualTo(probe);
    }

    @Test
    void the_embedded_packet_of_a_kernel_icmp_error_does_not_overwrite_the_outer_fields() {
        // Given
        String line = "Jan  8 03:37:09 DENY: IN=eth0 OUT= MAC=90:10:28:5f:62:24:90:10:18:5a:89:2a:08:00 "
                + "SRC=192.0.2.71 DST=192.0.2.83 LEN=88 TOS=0x00 PREC=0x00 TTL=118 ID=21684 PROTO=ICMP TYPE=3 CODE=3 "
                + "[SRC=192.0.2.83 DST=192.168.173.191 LEN=60 TOS=0x00 PREC=0x00 TTL=54 ID=0 DF PROTO=UDP SPT=21458 "
                + "DPT=62936 LEN=40 ]";
        // When
        FirewallEvent e = parsed(line);
        // Then
        assertThat(e.message()).as("no hostname, the tag is the prefix").isEqualTo("DENY");
        assertThat(e.action()).isEqualTo(Action.DROP);
        assertThat(e.packet().source()).isEqualTo("192.0.2.71");
        assertThat(e.packet().length()).isEqualTo(88);
        assertThat(e.packet().icmpType()).isEqualTo(3);
        assertThat(e.packet().icmpCode()).isEqualTo(3);
        assertThat(e.packet().sourcePort()).isNull();
    }

    @Test
    void sctp_a_numeric_protocol_fragments_and_numeric_ifindex_parse() {
        // Given
        String sctp = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 "
                + "PHYSIN=37 PHYSOUT=tap100i0 SRC=198.51.100.7 DST=192.0.2.100 LEN=48 TOS=0x00 PREC=0x00 TTL=64 ID=1 "
                + "PROTO=SCTP SPT=5000 DPT=38412 ";
        String gre = "0 6 PVEFW-HOST-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=vmbr0 SRC=198.51.100.7 "
                + "DST=192.0.2.10 LEN=1500 TOS=0x00 PREC=0x00 TTL=64 ID=77 FRAG=185 MF PROTO=47 ";
        // When
        Packet s = parsed(sctp).packet();
        Packet g = parsed(gre).packet();
        // Then
        assertThat(s.protocol()).isEqualTo("SCTP");
        assertThat(s.destinationPort()).isEqualTo(38412);
        assertThat(s.physIn()).isEqualTo("37");
        assertThat(g.protocol()).isEqualTo("47");
        assertThat(g.fragmentOffset()).isEqualTo(185);
        assertThat(g.ipFlags()).containsExactly("MF");
        assertThat(g.destinationPort()).isNull();
    }

    @Test
    void an_ipv6_fragment_and_routing_header_do_not_pass_for_icmp_or_ip_fields() {
        // Given
        String line = "0 6 PVEFW-HOST-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=vmbr0 SRC=2001:db8::1 "
                + "DST=2001:db8::2 LEN=1240 TC=0 FLOWLBL=0 HOPLIMIT=64 FRAG=0 ID=305419896 MF TYPE=0 SEGMENTS=1 "
                + "PROTO=UDP SPT=53 DPT=5353 LEN=1232";
        // When
        Packet p = parsed(line).packet();
        // Then
        assertThat(p.ipId()).isEqualTo(305419896L);
        assertThat(p.icmpType()).isNull();
        assertThat(p.udpLength()).isEqualTo(1232);
        assertThat(p.length()).isEqualTo(1240);
    }

    @Test
    void the_field_pvefw_logger_glues_onto_a_routing_headers_segments_is_read_as_its_own() {
        // Given: pvefw-logger's print_routing writes "TYPE=%u SEGMENTS=%u" with no space after it
        String head = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 SRC=2001:db8::1 "
                + "DST=2001:db8::2 LEN=40 TC=0 FLOWLBL=0 HOPLIMIT=64 TYPE=0 SEGMENTS=";
        // When
        Packet tcp = parsed(head + "2PROTO=TCP SPT=41562 DPT=8443 SEQ=1 ACK=0 WINDOW=64240 SYN ").packet();
        Packet fragment = parsed(head + "0FRAG=0 ID=305419896 MF PROTO=UDP SPT=53 DPT=5353 LEN=24").packet();
        Packet home = parsed(head + "1HOME=2001:db8::5 PROTO=UDP SPT=53 DPT=5353 LEN=24").packet();
        // Then: the flow of a routed packet, not a dead letter without PROTO=
        assertThat(tcp.protocol()).isEqualTo("TCP");
        assertThat(tcp.destinationPort()).isEqualTo(8443);
        assertThat(tcp.tcpFlags()).containsExactly("SYN");
        assertThat(fragment.fragmentOffset()).isZero();
        assertThat(fragment.ipId()).isEqualTo(305419896L);
        assertThat(fragment.udpLength()).isEqualTo(24);
        assertThat(home.destination()).isEqualTo("2001:db8::2");
        assertThat(home.destinationPort()).isEqualTo(5353);
    }

    @Test
    void tcp_flags_urgent_pointer_and_repeated_ack_keep_their_meanings() {
        // Given
        String line = "0 4 PVEFW-logflags 14/Mar/2025:09:20:15 +0100 DROP: IN=vmbr0 PHYSIN=eno1 SRC=198.51.100.66 "
                + "DST=192.0.2.10 LEN=40 TOS=0x00 PREC=0x00 TTL=49 ID=37911 PROTO=TCP SPT=61234 DPT=80 SEQ=1029384756 "
                + "ACK=77 WINDOW=1024 URG ACK PSH FIN URGP=5 ";
        // When
        Packet p = parsed(line).packet();
        // Then
        assertThat(p.tcpAck()).isEqualTo(77L);
        assertThat(p.tcpFlags()).containsExactly("URG", "ACK", "PSH", "FIN");
        assertThat(p.urgentPointer()).isEqualTo(5);
    }

    @Test
    void a_truncated_line_keeps_the_fields_it_has_and_the_invalid_marker() {
        // Given
        String line = "0 6 PVEFW-HOST-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=vmbr0 SRC=198.51.100.66 "
                + "DST=192.0.2.10 LEN=40 TOS=0x00 PREC=0x00 TTL=49 ID=1 PROTO=TCP LEN=8 INVALID=LEN ";
        // When
        Packet p = parsed(line).packet();
        // Then
        assertThat(p.invalid()).isEqualTo("LEN");
        assertThat(p.length()).isEqualTo(40);
        assertThat(p.sourcePort()).isNull();
    }

    @Test
    void an_arp_line_of_an_ebtables_nflog_rule_parses() {
        // When
        Packet p = parsed("0 6 PVEFW-HOST-IN 14/Mar/2025:09:20:15 +0100 DROP: IN=vmbr0 SRC=192.0.2.1 DST=192.0.2.2 "
                + "PROTO=ARP REPLY MAC=00:11:22:33:44:55").packet();
        // Then
        assertThat(p.protocol()).isEqualTo("ARP");
        assertThat(p.destinationPort()).isNull();
    }

    @Test
    void the_kernels_ethernet_header_of_the_bridge_family_is_read_like_pvefw_loggers_mac() {
        // Given: nftables `log flags ether` in a bridge table (nf_log_syslog's MACSRC/MACDST/MACPROTO)
        Packet p = parsed("[812.5] br-drop: IN=vmbr0 OUT=vmbr0 MACSRC=bc:24:11:dd:ee:ff MACDST=bc:24:11:aa:bb:cc "
                + "MACPROTO=86dd SRC=fd00::5 DST=fd00::7 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=1 PROTO=TCP SPT=40000 DPT=22 "
                + "WINDOW=64800 RES=0x00 SYN URGP=0 ").packet();
        // Then
        assertThat(p.macSource()).isEqualTo("bc:24:11:dd:ee:ff");
        assertThat(p.macDestination()).isEqualTo("bc:24:11:aa:bb:cc");
        assertThat(p.etherType()).isEqualTo("86:dd");
        assertThat(p.source()).isEqualTo("fd00::5");
        assertThat(p.destinationPort()).isEqualTo(22);
        assertThat(parsed("IN=br0 OUT= MACSRC=bc:24:11:dd:ee:ff MACDST=bc:24:11:aa:bb:cc MACPROTO=0800 SRC=10.0.0.5 "
                + "DST=10.0.0.7 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40 ").packet().etherType()).isEqualTo("08:00");
        assertThat(parsed("IN=br0 OUT= MACSRC=bc:24:11:dd:ee:ff MACDST=bc:24:11:aa:bb:cc MACPROTO=8100 SRC=10.0.0.5 "
                + "DST=10.0.0.7 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40 ").packet().etherType()).isEqualTo("81:00");
    }

    @Test
    void a_kernel_arp_line_of_the_bridge_or_arp_family_is_an_arp_packet_between_its_protocol_addresses() {
        // When: nf_log_syslog's dump_arp_packet
        Packet p = parsed("[812.5] arp-drop: IN=vmbr0 OUT= ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 MACSRC=bc:24:11:dd:ee:ff "
                + "IPSRC=10.0.0.5 MACDST=00:00:00:00:00:00 IPDST=10.0.0.7 ").packet();
        // Then
        assertThat(p.protocol()).isEqualTo("ARP");
        assertThat(p.source()).isEqualTo("10.0.0.5");
        assertThat(p.destination()).isEqualTo("10.0.0.7");
        assertThat(p.macSource()).isEqualTo("bc:24:11:dd:ee:ff");
        assertThat(p.destinationPort()).isNull();
        // and a malformed variant: the address is the reason
        assertThat(failure("[812.5] arp-drop: IN=vmbr0 OUT= ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 MACSRC=bc:24:11:dd:ee:ff "
                + "IPSRC=10.0.0.500 MACDST=00:00:00:00:00:00 IPDST=10.0.0.7 ")).contains("IPSRC");
    }

    @Test
    void pvefw_logger_status_in_syslog_and_conntrack_lines_are_status_not_errors() {
        // When
        ParseResult syslog = parse("<29>Mar 14 09:00:01 pve1 pvefw-logger[812]: starting pvefw logger");
        ParseResult conntrack = parse("    [NEW] ipv4     2 tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 "
                + "sport=4000 dport=22 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=22 dport=4000");
        // Then
        assertThat(((ParseResult.Status) syslog).kind()).isEqualTo(LoggerStatus.Kind.STARTED);
        assertThat(((ParseResult.Status) syslog).host()).isEqualTo("pve1");
        assertThat(((ParseResult.Status) conntrack).kind()).isEqualTo(LoggerStatus.Kind.CONNTRACK);
    }

    @Test
    void a_conntrack_destroy_line_has_no_space_before_its_tag_and_is_a_status_line_too() {
        // Given: libnetfilter_conntrack right-aligns the tag to 9 characters ("%9s "): "[DESTROY]" fills them
        String destroy = "[DESTROY] ipv4     2 tcp      6 src=192.0.2.1 dst=192.0.2.2 sport=1234 dport=22 src=192.0.2.2 "
                + "dst=192.0.2.1 sport=22 dport=1234 [ASSURED] delta-time=12";
        // When
        ParseResult result = parse(destroy);
        // Then
        assertThat(result).isInstanceOf(ParseResult.Status.class);
        assertThat(((ParseResult.Status) result).kind()).isEqualTo(LoggerStatus.Kind.CONNTRACK);
        // a kernel line with a bracketed prefix is still a kernel line, and a bracket with no conntrack fields still fails
        assertThat(parsed("[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=UDP SPT=1 DPT=2 LEN=20")
                .message()).isEqualTo("[UFW BLOCK]");
        assertThat(failure("[DESTROY] ipv4 2 tcp 6")).contains("no netfilter fields");
    }

    @Test
    void the_kernel_and_ulogd_fragment_fields_written_with_a_colon_are_read() {
        // Given: the kernel LOG target writes the IPv4 offset as "FRAG:%u", the IPv6 fragment header as
        // "FRAG:%u [INCOMPLETE ]ID:%08x"; ulogd's LOGEMU as "FRAG:%u" and "FRAG: %u ID: %08x"
        String v4 = "Mar 14 09:12:47 pve1 kernel: [1.2] DROP: IN=eth0 OUT= SRC=198.51.100.1 DST=192.0.2.10 LEN=1500 "
                + "TOS=0x00 PREC=0x00 TTL=64 ID=777 MF FRAG:185 PROTO=UDP ";
        String v6 = "Mar 14 09:12:47 pve1 kernel: DROP: IN=eth0 OUT= SRC=2001:db8::1 DST=2001:db8::2 LEN=1280 TC=0 "
                + "HOPLIMIT=64 FLOWLBL=0 FRAG:1232 INCOMPLETE ID:0a1b2c3d PROTO=UDP ";
        String ulogd = "Mar 14 09:12:47 fw01 DROP IN=eth0 OUT= SRC=2001:db8::1 DST=2001:db8::2 LEN=1280 TC=0 HOPLIMIT=64 "
                + "FLOWLBL=0 FRAG: 1232 ID: 0a1b2c3d PROTO=UDP SPT=1 DPT=2 LEN=1232 MARK=1f ";
        // When
        Packet p4 = parsed(v4).packet();
        Packet p6 = parsed(v6).packet();
        Packet pu = parsed(ulogd).packet();
        // Then
        assertThat(p4.fragmentOffset()).isEqualTo(185);
        assertThat(p4.ipFlags()).containsExactly("MF");
        assertThat(p4.ipId()).isEqualTo(777L);
        assertThat(p6.fragmentOffset()).isEqualTo(1232);
        assertThat(p6.ipFlags()).as("INCOMPLETE: more fragments follow").containsExactly("MF");
        assertThat(p6.ipId()).isEqualTo(0x0a1b2c3dL);
        assertThat(p6.length()).as("the kernel's LEN counts the 40-byte header").isEqualTo(1240);
        assertThat(pu.fragmentOffset()).isEqualTo(1232);
        assertThat(pu.ipFlags()).isNull();
        assertThat(pu.ipId()).isEqualTo(0x0a1b2c3dL);
        assertThat(pu.udpLength()).isEqualTo(1232);
        assertThat(pu.mark()).isEqualTo(31L);
        // malformed values are the reason, not ignored
        assertThat(failure(v4.replace("FRAG:185", "FRAG:18x"))).isEqualTo("FRAG is not a number: '18x'");
        assertThat(failure(v6.replace("ID:0a1b2c3d", "ID:0a1b2c3g"))).isEqualTo("ID is not a hexadecimal number: '0a1b2c3g'");
        assertThat(failure(ulogd.replace("FRAG: 1232", "FRAG: x"))).isEqualTo("FRAG is not a number: 'x'");
    }

    @Test
    void ulogds_tos_without_0x_and_the_kernels_numbered_sctp_and_igmp_read_as_pvefw_logger_writes_them() {
        // Given: ulogd writes TOS=%02X; the kernel has no names for SCTP (132) and IGMP (2)
        String ulogd = "Mar 14 09:12:44 fw01 DROP IN=eth0 OUT= SRC=198.51.100.1 DST=192.0.2.1 LEN=52 TOS=10 PREC=0x00 "
                + "TTL=50 ID=7 DF PROTO=TCP SPT=1234 DPT=22 SEQ=1 ACK=0 WINDOW=512 SYN URGP=0 ";
        String sctp = "Mar 14 09:12:44 pve1 kernel: DROP: IN=eth0 OUT= SRC=198.51.100.7 DST=192.0.2.100 LEN=48 TOS=0x00 "
                + "PREC=0x00 TTL=64 ID=1 PROTO=132 ";
        String igmp = "Mar 14 09:12:44 pve1 kernel: DROP: IN=eth0 OUT= SRC=198.51.100.7 DST=224.0.0.1 LEN=32 TOS=0x00 "
                + "PREC=0xC0 TTL=1 ID=0 DF OPT (94040000) PROTO=2 ";
        // Then
        assertThat(parsed(ulogd).packet().tos()).isEqualTo("0x10");
        assertThat(parsed(sctp).packet().protocol()).isEqualTo("SCTP");
        assertThat(parsed(igmp).packet().protocol()).isEqualTo("IGMP");
        assertThat(failure(sctp.replace("PROTO=132", "PROTO=1320"))).as("not SCTP, and above 255: no protocol number")
                .isEqualTo("PROTO is not a protocol name or number: '1320'");
        assertThat(parsed(sctp.replace("PROTO=132", "PROTO=47")).packet().protocol()).isEqualTo("47");
    }

    @Test
    void an_nftables_guest_line_and_its_level_parse() {
        // When
        FirewallEvent e = parsed("100 1 guest-100-out 14/Mar/2025:10:00:00 +0100 REJECT: IN=vmbr0 OUT=vmbr0 "
                + "PHYSIN=tap100i0 PHYSOUT=eno1 SRC=192.0.2.100 DST=203.0.113.25 LEN=60 TOS=0x00 PREC=0x00 TTL=64 "
                + "ID=1 DF PROTO=TCP SPT=44710 DPT=25 SEQ=1 ACK=0 WINDOW=64240 SYN ");
        // Then
        assertThat(e.backend()).isEqualTo(Backend.NFTABLES);
        assertThat(e.level()).isEqualTo(1);
        assertThat(e.action()).isEqualTo(Action.REJECT);
        assertThat(e.vmid()).isEqualTo(100);
    }

    @Test
    void the_rewritten_accept_actions_are_normalised() {
        // When
        FirewallEvent mark = parsed("100 6 tap100i1-OUT 14/Mar/2025:10:00:00 +0100 PVEFW-SET-ACCEPT-MARK: "
                + "IN=fwbr100i1 SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=2 SEQ=1 ACK=0 WINDOW=1 SYN ");
        FirewallEvent ret = parsed("0 6 PVEFW-HOST-IN 14/Mar/2025:10:00:00 +0100 RETURN: IN=vmbr0 SRC=2001:db8::1 "
                + "DST=2001:db8::2 LEN=40 TC=0 FLOWLBL=1 HOPLIMIT=64 PROTO=TCP SPT=1 DPT=22 SEQ=1 ACK=0 WINDOW=1 SYN ");
        FirewallEvent legacy = parsed("100 6 PVEFW-FWBR-IN 14/Mar/2019:10:00:00 +0100 FWBR-IN: IN=fwbr100i0 "
                + "SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=2 SEQ=1 ACK=0 WINDOW=1 SYN ");
        // Then
        assertThat(mark.action()).isEqualTo(Action.ACCEPT);
        assertThat(ret.action()).isEqualTo(Action.ACCEPT);
        assertThat(legacy.action()).as("a legacy pass log, not a verdict").isNull();
    }

    @Test
    void an_event_time_before_1970_is_a_failure_not_an_event_the_correlator_would_skip() {
        String fields = "IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 DPT=2 SYN ";
        // pve line, RFC 5424, journald short-iso: each writes its year
        assertThat(failure("0 6 PVEFW-HOST-IN 14/Mar/0000:09:20:15 +0100 DROP: " + fields))
                .contains("before 1970").contains("0000-03-14T08:20:15Z");
        assertThat(failure("<4>1 1969-12-31T23:59:59Z pve1 kernel - - - " + fields)).contains("before 1970");
        assertThat(failure("1969-12-31T23:59:59+0000 pve1 kernel: " + fields)).contains("before 1970");
        // the first second of 1970 and the last of 9999 are events
        assertThat(parsed("<4>1 1970-01-01T00:00:00Z pve1 kernel - - - " + fields).time()).isEqualTo(Instant.EPOCH);
        assertThat(parsed("<4>1 9999-12-31T23:59:59Z pve1 kernel - - - " + fields).time())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void nul_padding_left_by_a_crash_before_a_line_is_not_part_of_it() {
        // Given: a pve line after the NUL bytes a file system leaves in a log file after a crash
        String pve = "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 "
                + "SRC=10.0.0.5 DST=10.0.0.7 LEN=60 PROTO=TCP SPT=40000 DPT=443 SYN ";
        // When
        FirewallEvent e = parsed("\0".repeat(4096) + pve);
        // Then: read as the pve line it is, and its raw line is the line without the padding
        assertThat(e.vmid()).isEqualTo(100);
        assertThat(e.chain()).isEqualTo("tap100i0-IN");
        assertThat(e.time()).isEqualTo(Instant.parse("2025-03-14T08:20:15Z"));
        assertThat(e.line()).isEqualTo(pve);
        // and padding alone is a failure that says what it is
        assertThat(failure("\0".repeat(4096))).isEqualTo("4,096 NUL bytes and nothing else (a file's padding after a crash)");
    }

    @Test
    void a_dead_letter_of_a_line_that_was_not_utf8_says_its_bytes_show_as_replacement_characters() {
        // Given a line as the readers decode it when two of its bytes are not UTF-8
        String decoded = new String(new byte[] {(byte) 0xff, (byte) 0xfe, ' ', 'g', 'a', 'r', 'b', 'a', 'g', 'e'},
                java.nio.charset.StandardCharsets.UTF_8);
        // Then its failure says so, after the reason; a line that is UTF-8 does not
        assertThat(failure(decoded)).startsWith("no netfilter fields").endsWith(FirewallLineParser.NOT_UTF8);
        assertThat(failure("garbage")).doesNotContain("UTF-8");
    }

    @Test
    void malformed_variants_of_every_wrapping_fail_with_a_reason() {
        assertThat(failure("<999>Mar 14 09:12:44 pve1 kernel: IN=eth0")).contains("priority");
        assertThat(failure("Mar 44 09:12:44 pve1 kernel: IN=eth0 SRC=1.1.1.1 DST=2.2.2.2 PROTO=TCP"))
                .contains("timestamp");
        assertThat(failure("<12>1 2025-13-14T09:12:44Z pve2 kernel - - - IN=eth0")).contains("RFC3339");
        assertThat(failure("Mar 14 09:12:44 pve1 sshd[1]: Accepted publickey for root")).contains("no netfilter fields");
        assertThat(failure("[UFW BLOCK] IN=eth0 OUT= SRC=300.1.1.1 DST=10.0.0.2 PROTO=TCP")).contains("SRC is not");
        assertThat(failure("[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=x PROTO=TCP")).contains("LEN");
        assertThat(failure("0 6 PVEFW-HOST-IN 14/Mar/2025:09:20:15 +0100 DROP: IN=vmbr0 SRC=10.0.0.1 DST=10.0.0.2 "
                + "TTL=300 PROTO=TCP")).contains("TTL");
        assertThat(failure("0 6 PVEFW-HOST-IN 14/Mar/2025:09:20:15 +0100 DROP: IN=vmbr0 SRC=10.0.0.1 DST=10.0.0.2"))
                .contains("PROTO=");
        // a line with nothing in it is no failure: it is blank, counted, and nothing is sent for it
        assertThat(parse("")).isEqualTo(ParseResult.BLANK);
        assertThat(parse("  \t ")).isEqualTo(ParseResult.BLANK);
        assertThat(parse("\uFEFF")).isEqualTo(ParseResult.BLANK);
    }

    @Test
    void a_line_longer_than_a_firewall_line_can_be_is_a_failure_even_when_it_starts_like_one() {
        // Given a real drop line padded past the limit, and one just at it
        String drop = "0 6 PVEFW-HOST-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=vmbr0 SRC=10.0.0.1 DST=10.0.0.2 "
                + "LEN=60 PROTO=TCP SPT=1 DPT=22 ";
        String over = drop + "x".repeat(FirewallLineParser.MAX_LINE_CHARS - drop.length() + 1);
        String at = drop + "X".repeat(FirewallLineParser.MAX_LINE_CHARS - drop.length());
        // Then
        assertThat(failure(over)).isEqualTo("a line longer than the 65,536 characters a firewall line can have");
        assertThat(parse(at)).isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void the_kernel_and_ulogd_marks_are_read_in_hexadecimal_and_a_malformed_one_is_the_reason() {
        // Given: the kernel LOG target writes MARK=0x%x after the protocol's fields (the Proxmox accept mark here)
        String kernel = "Mar 14 09:12:44 pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TTL=64 "
                + "ID=0 DF PROTO=TCP SPT=1 DPT=2 WINDOW=1 RES=0x00 SYN URGP=0 MARK=0x80000000 ";
        String v6 = "Mar 14 09:12:44 pve1 kernel: IN=eth0 OUT= SRC=fe80::1 DST=ff02::1 LEN=72 TC=0 HOPLIMIT=1 "
                + "FLOWLBL=0 PROTO=ICMPv6 TYPE=143 CODE=0 MARK=0x2a";
        // Then
        assertThat(parsed(kernel).packet().mark()).isEqualTo(0x80000000L);
        assertThat(parsed(v6).packet().mark()).isEqualTo(42L);
        assertThat(failure(kernel.replace("0x80000000", "0xZZ"))).isEqualTo("MARK is not a hexadecimal number: '0xZZ'");
        assertThat(failure(kernel.replace("0x80000000", "0x123456789"))).contains("MARK is not a hexadecimal number");
        assertThat(failure(kernel.replace("0x80000000", "0x"))).contains("MARK is not a hexadecimal number");
        // ulogd's LOGEMU writes it in hexadecimal without the 0x (MARK=%x), 0 included
        assertThat(parsed(kernel.replace("0x80000000", "80000000")).packet().mark()).isEqualTo(0x80000000L);
        assertThat(parsed(kernel.replace("0x80000000", "1f")).packet().mark()).isEqualTo(31L);
        assertThat(parsed(kernel.replace("0x80000000", "0")).packet().mark()).isEqualTo(0L);
        assertThat(failure(kernel.replace("0x80000000", "8x"))).isEqualTo("MARK is not a hexadecimal number: '8x'");
        // pvefw-logger's own mark= stays decimal
        assertThat(parsed("0 6 PVEFW-HOST-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=vmbr0 SRC=10.0.0.1 DST=10.0.0.2 "
                + "LEN=40 PROTO=UDP SPT=1 DPT=2 LEN=20mark=16").packet().mark()).isEqualTo(16L);
    }

    @Test
    void lines_of_one_node_carry_its_name_unless_their_syslog_header_names_another() {
        FirewallLineParser node = new FirewallLineParser(SyslogYearAndZone.of(2025, java.time.ZoneOffset.UTC,
                java.time.Instant.EPOCH), "pve2");
        Origin origin = Origin.of("f", 1);
        String pve = "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 SRC=10.0.0.5 DST=10.0.0.7 "
                + "LEN=60 PROTO=TCP SPT=40000 DPT=443 SYN ";
        assertThat(((ParseResult.Parsed) node.parse(pve, origin)).event().host()).isEqualTo("pve2");
        assertThat(((ParseResult.Parsed) node.parse("<4>Mar 14 09:12:44 pve1 kernel: [UFW BLOCK] IN=eth0 OUT= "
                + "SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=UDP SPT=1 DPT=53 LEN=20", origin)).event().host())
                .isEqualTo("pve1");
        assertThat(((ParseResult.Status) node.parse("0 5 - 14/Mar/2025:09:20:15 +0100 starting pvefw logger", origin))
                .host()).isEqualTo("pve2");
        assertThat(((ParseResult.Parsed) new FirewallLineParser(SyslogYearAndZone.live()).parse(pve, origin)).event()
                .host()).isNull();
    }

    @Test
    void a_journald_entry_with_an_empty_host_name_names_none_so_the_nodes_name_applies() {
        // Given: an entry whose _HOSTNAME is empty (a journal exported from a machine without a host name)
        String entry = "{\"__REALTIME_TIMESTAMP\":\"1710404000123456\",\"_HOSTNAME\":\"\",\"PRIORITY\":\"4\","
                + "\"MESSAGE\":\"[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=UDP SPT=1 DPT=53 LEN=20\"}";
        FirewallLineParser node = new FirewallLineParser(SyslogYearAndZone.of(2025, java.time.ZoneOffset.UTC,
                java.time.Instant.EPOCH), "pve2");
        // When
        FirewallEvent withNode = ((ParseResult.Parsed) node.parse(entry, Origin.of("f", 1))).event();
        FirewallEvent alone = parsed(entry);
        // Then: the node's name, and no empty name without one
        assertThat(withNode.host()).isEqualTo("pve2");
        assertThat(alone.host()).isNull();
    }
}
