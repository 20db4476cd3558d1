package ai.thinkheads.droptrace.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
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
            "Mar 14 09:12:44 h\u00e9te kernel: DROP\u0001 IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=SCTP "
                    + "SPT=1 DPT=2");

    @Test
    void every_shape_of_event_is_written_exactly_as_the_shared_jackson_mapper_writes_it() throws Exception {
        // Given
        FirewallLineParser parser = new FirewallLineParser(
                SyslogYearAndZone.of(2025, ZoneId.of("UTC"), Instant.parse("2025-06-01T00:00:00Z")));
        for (String line : LINES) {
            FirewallEvent event = ((ParseResult.Parsed) parser.parse(line, Origin.of("a \"quoted\" source", 42)))
                    .event();
            // When
            String ours = new String(FirewallEventJson.bytes(event), StandardCharsets.UTF_8);
            // Then
            assertThat(ours).isEqualTo(Json.events().writeValueAsString(event));
            assertThat(FirewallEventJson.bytes(event))
                    .isEqualTo(Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t", event));
        }
    }
}
