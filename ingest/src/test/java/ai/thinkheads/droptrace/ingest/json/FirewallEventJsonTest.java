package ai.thinkheads.droptrace.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FirewallEventJsonTest {

    private static final List<String> LINES = List.of(
            "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 PHYSIN=fwln100i0 "
                    + "PHYSOUT=tap100i0 MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:08:00 SRC=198.51.100.7 DST=192.0.2.100 "
                    + "LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 DF PROTO=TCP SPT=47120 DPT=23 SEQ=1729183520 ACK=0 "
                    + "WINDOW=1024 URG ACK SYN URGP=3 ",
            "0 6 PVEFW-HOST-OUT 14/Mar/2025:09:22:00 +0100 policy DROP: OUT=vmbr0 SRC=192.0.2.10 DST=198.51.100.53 "
                    + "LEN=73 TOS=0x00 PREC=0x00 TTL=64 ID=55012 DF PROTO=UDP SPT=41864 DPT=53 LEN=53mark=2147483648",
            "0 6 GROUP-web-IN 14/Mar/2025:09:21:00 +0100 IN=vmbr0 SRC=2001:db8::1 DST=2001:db8::2 LEN=40 TC=0 "
                    + "FLOWLBL=5 HOPLIMIT=64 FRAG=8 MF PROTO=ICMPV6 TYPE=128 CODE=0 ID=7 SEQ=9 ",
            "<12>1 2025-03-14T09:12:44.123456+01:00 pve2 kernel - - - [UFW \"ALLOW\"]\t\\ IN=vmbr0 OUT= "
                    + "SRC=10.0.0.5 DST=10.0.0.6 LEN=84 PROTO=47 INVALID=LEN ",
            "<12>1 2025-03-14T09:12:44.1+01:00 pve2 kernel - - - [x\u0000\u001f\u007f\r\n\b\f] IN=vmbr0 OUT= "
                    + "SRC=10.0.0.5 DST=10.0.0.6 LEN=84 PROTO=47 ",
            "<12>1 2025-03-14T09:12:44.000100Z pve2 kernel - - - \u00e9\u4e2d\ud83d\udd25\u07ff\u0800\uffff IN=vmbr0 OUT= "
                    + "SRC=10.0.0.5 DST=10.0.0.6 LEN=84 PROTO=47 ",
            "<12>1 1970-01-01T00:00:00Z pve2 kernel - - - [A] IN=vmbr0 OUT= SRC=10.0.0.5 DST=10.0.0.6 LEN=84 PROTO=47 ",
            "Mar 14 09:12:44 h\u00e9te kernel: DROP\u0001 IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=SCTP "
                    + "SPT=1 DPT=2");

    @Test
    void every_shape_of_event_is_written_exactly_as_the_shared_jackson_mapper_writes_it() throws Exception {
        // Given
        FirewallLineParser parser = new FirewallLineParser(
                SyslogYearAndZone.of(2025, ZoneId.of("UTC"), Instant.parse("2025-06-01T00:00:00Z")));
        for (String line : LINES) {
            ParseResult result = parser.parse(line, Origin.of("a \"quoted\" source", 42));
            assertThat(result).as(line).isInstanceOf(ParseResult.Parsed.class);
            FirewallEvent event = ((ParseResult.Parsed) result).event();
            // When
            byte[] ours = FirewallEventJson.bytes(event);
            // Then
            assertThat(new String(ours, StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.events().writeValueAsBytes(event), StandardCharsets.UTF_8));
            assertThat(ours)
                    .isEqualTo(Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t", event));
        }
    }

    /** Plain lines of further shapes: syslog-wrapped, nftables, raw prefix, kernel IPv6 written in full, ICMP. */
    private static final List<String> MORE_PLAIN_LINES = List.of(
            "Mar 14 09:12:44 pve2 kernel: [UFW BLOCK] IN=vmbr0 OUT= MAC=3c:ec:ef:10:20:30:00:1b:21:3a:4f:12:08:00 "
                    + "SRC=198.51.100.7 DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=1 DF PROTO=TCP SPT=1 DPT=22 "
                    + "WINDOW=64240 RES=0x00 SYN URGP=0 ",
            "<134>Mar 14 09:12:44 pve2 pve-firewall: 101 6 tap101i0-IN 14/Mar/2025:09:12:44 +0100 policy DROP: "
                    + "IN=fwbr101i0 OUT=fwbr101i0 PHYSIN=fwln101i0 PHYSOUT=tap101i0 SRC=10.0.0.1 DST=10.0.0.2 LEN=60 "
                    + "PROTO=UDP SPT=5 DPT=53 LEN=40",
            "0 6 guest-101-in 14/Mar/2025:09:12:44 +0100 DROP: IN=fwbr101i0 SRC=10.0.0.1 DST=10.0.0.2 LEN=84 "
                    + "PROTO=ICMP TYPE=8 CODE=0 ID=3 SEQ=4 ",
            "0 6 - 14/Mar/2025:09:12:44 +0100 :101:6:tap101i0-IN: DROP: IN=fwbr101i0 SRC=10.0.0.1 DST=10.0.0.2 "
                    + "LEN=60 PROTO=TCP SPT=1 DPT=2 SYN ",
            "2025-03-14T09:12:44.123456+01:00 pve2 kernel: DROP IN=vmbr0 OUT= SRC=2001:0db8:0000:0000:0000:0000:0000:0001 "
                    + "DST=2001:0db8:0000:0000:0000:0000:0000:0002 LEN=40 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=ICMPv6 "
                    + "TYPE=128 CODE=0 ID=1 SEQ=1 mark=0x1 ");

    @Test
    void a_plain_line_copied_without_a_second_look_gives_the_same_bytes_as_jackson() throws Exception {
        // Given every plain line above
        List<String> lines = new java.util.ArrayList<>(LINES);
        lines.addAll(MORE_PLAIN_LINES);
        FirewallLineParser parser = new FirewallLineParser(
                SyslogYearAndZone.of(2025, ZoneId.of("UTC"), Instant.parse("2025-06-01T00:00:00Z")));
        int plainEvents = 0;
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (!PlainText.isPlain(bytes, 0, bytes.length)
                    || !(parser.parse(line, Origin.of("a \"quoted\" source", 42)) instanceof ParseResult.Parsed p)) {
                continue;
            }
            plainEvents++;
            // When
            byte[] ours = FirewallEventJson.bytes(p.event(), line);
            // Then
            assertThat(new String(ours, StandardCharsets.UTF_8)).as(line)
                    .isEqualTo(new String(Json.events().writeValueAsBytes(p.event()), StandardCharsets.UTF_8));
        }
        assertThat(plainEvents).isGreaterThanOrEqualTo(MORE_PLAIN_LINES.size() + 3);
    }

    @Test
    void times_numbers_and_missing_fields_of_any_value_are_written_as_jackson_writes_them() throws Exception {
        // Given
        Random random = new Random(7);
        long[] numbers = {0, 9, 10, 99, 100, 65535, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 4294967295L,
            999_999_999_999_999_999L, Long.MAX_VALUE, -1, -10, Long.MIN_VALUE, Integer.MIN_VALUE};
        for (int k = 0; k < 400; k++) {
            Instant time = Instant.ofEpochSecond(random.nextLong() % 400_000_000_000L,
                    switch (k % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            long n = numbers[k % numbers.length];
            Packet packet = new Packet(k % 2 == 0 ? "eth0" : null, null, null, null, null, null, null, "10.0.0.1",
                    k % 3 == 0 ? null : "10.0.0.2", 4, (int) n, null, null, null, n, null,
                    k % 5 == 0 ? List.of() : List.of("DF"), null, n, null, "TCP", null, 80, n, null, (int) (n >>> 1),
                    List.of("SYN", "ACK"), null, null, null, null, null, null, n, "LEN");
            FirewallEvent event = new FirewallEvent(1, time, k % 2 == 0 ? null : "+0100", null, k, k % 8, "-",
                    k % 3 == 0 ? null : Action.DROP, k % 2 == 0, "m", k % 4 == 0 ? null : Backend.NFTABLES, packet,
                    "l", k % 7 == 0 ? null : Origin.of("s", n));
            // When
            byte[] ours = FirewallEventJson.bytes(event);
            // Then
            assertThat(ours).isEqualTo(Json.events().writeValueAsBytes(event));
        }
    }

    @Test
    void consecutive_seconds_across_minute_day_and_year_ends_and_going_back_are_written_as_instant_to_string()
            throws Exception {
        // Given seconds one after the other over the end of a minute, a day, a year, then earlier ones again
        long[] starts = {Instant.parse("2025-03-01T00:00:55Z").getEpochSecond(),
            Instant.parse("2024-12-31T23:59:50Z").getEpochSecond(), Instant.parse("2025-02-28T23:59:58Z").getEpochSecond(),
            -125, Instant.parse("2025-03-01T00:00:55Z").getEpochSecond() - 3600};
        Packet packet = new Packet(null, null, null, null, null, null, null, "10.0.0.1", "10.0.0.2", 4, 60, null, null,
                null, null, null, null, null, null, null, "TCP", 1, 2, null, null, null, null, null, null, null, null,
                null, null, null, null);
        for (long start : starts) {
            for (long second = start; second < start + 20; second++) {
                Instant time = Instant.ofEpochSecond(second, second % 3 == 0 ? 500_000_000 : 0);
                FirewallEvent event = new FirewallEvent(1, time, "+0100", null, 100, 6, "PVEFW-HOST-IN", Action.DROP,
                        true, "policy DROP", Backend.IPTABLES, packet, "l", Origin.of("s", second));
                // When
                byte[] ours = FirewallEventJson.bytes(event);
                // Then
                assertThat(new String(ours, StandardCharsets.UTF_8)).contains("\"time\":\"" + time + "\"")
                        .isEqualTo(new String(Json.events().writeValueAsBytes(event), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void every_character_is_escaped_or_encoded_as_jacksons_utf8_generator_does_it() throws Exception {
        // Given every char, lone surrogates included, and a character beyond the BMP
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c);
        }
        all.append("\ud83d\udd25 tail");
        JsonBytes out = new JsonBytes(16);
        // When
        out.string(all.toString());
        // Then
        assertThat(out.toByteArray()).isEqualTo(Json.events().writeValueAsBytes(all.toString()));
    }
}
