package ai.thinkheads.droptrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.ingest.json.FirewallEventJson;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser is a total function: whatever a line holds, it gives an event, a status line or a
 * failure with a reason, never an exception (which would end an ingest or lose a connection), and
 * every event it gives is valid JSON. Real-shaped lines of every form, mutated at random.
 */
class FirewallLineParserFuzzTest {

    private static final String[] SEEDS = {
        "0 3 - 15/Mar/2025:00:00:01 +0100 skipped 5 log entries (queue full)",
        "<11>Mar 14 09:13:09 pve1 pvefw-logger[1]: skipped 12 log entries (queue full)",
        "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 PHYSIN=fwln100i0 "
                + "PHYSOUT=tap100i0 MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:08:00 SRC=198.51.100.7 DST=192.0.2.10 LEN=60 "
                + "TOS=0x00 PREC=0x00 TTL=63 ID=4242 DF PROTO=TCP SPT=50000 DPT=8443 SEQ=1 ACK=0 WINDOW=64240 SYN ",
        "0 6 PVEFW-HOST-IN 14/Mar/2025:09:17:05 +0100 policy DROP: IN=vmbr0 PHYSIN=eno1 SRC=198.51.100.7 "
                + "DST=192.0.2.100 LEN=78 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=UDP SPT=5353 DPT=161 LEN=58",
        "0 6 PVEFW-HOST-IN 14/Mar/2025:09:17:05 +0100 policy DROP: IN=vmbr0 SRC=10.0.0.1 DST=10.0.0.2 LEN=84 TOS=0x00 "
                + "PREC=0x00 TTL=64 ID=7 DF PROTO=ICMP TYPE=8 CODE=0 ID=77 SEQ=3 ",
        "101 1 tap101i0-IN 20/Jun/2022:13:13:32 +0200 PVEFW-reject: IN=fwbr101i0 OUT=fwbr101i0 SRC=2001:db8::5 "
                + "DST=2001:db8:200::101 LEN=40 TC=0 FLOWLBL=12345 HOPLIMIT=57 PROTO=TCP SPT=1 DPT=22 SEQ=9 ACK=0 WINDOW=1 SYN ",
        "0 5 GROUP-security1-IN 20/Jun/2022:15:52:26 +0200 IN=fwbr101i0 OUT=fwbr101i0 SRC=1.2.3.4 DST=5.6.7.8 LEN=40 "
                + "PROTO=47",
        "232 6 tap232i1-IN 05/Feb/2019:10:59:28 +0100 policy REJECT:IN=fwbr232i1 SRC=1.2.3.4 DST=5.6.7.8 PROTO=SCTP "
                + "SPT=1 DPT=2",
        "0 5 - 16/Nov/2021:09:28:09 +0100 starting pvefw logger",
        "0 3 - 14/Mar/2025:09:23:00 +0100 skipped 312 log entries (queue full)",
        "0 6 - 14/Mar/2025:10:00:00 +0100 :100:6:tap100i0-IN: policy DROP: IN=fwbr100i0 SRC=1.1.1.1 DST=2.2.2.2 PROTO=TCP",
        "    [NEW] ipv4     2 tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=4000 dport=22 [UNREPLIED] "
                + "src=10.0.0.2 dst=10.0.0.1 sport=22 dport=4000",
        "Mar 14 09:12:44 pve1 kernel: [12345.678] [UFW BLOCK] IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 "
                + "SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=TCP SPT=1 DPT=2 WINDOW=1 "
                + "RES=0x00 SYN URGP=0 MARK=0x80000000 ",
        "<4>Mar 14 09:12:44 pve1 kernel: IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=576 PROTO=ICMP TYPE=3 CODE=3 "
                + "[SRC=10.0.0.2 DST=10.0.0.1 LEN=548 PROTO=UDP SPT=53 DPT=1 LEN=528 ] MTU=1500",
        "<4>1 2025-03-14T09:12:44.123+01:00 pve1 kernel - - [meta x=\"1\"] \ufeffIN=eth0 OUT= SRC=fe80::1 DST=ff02::1 "
                + "LEN=72 PROTO=ICMPv6 TYPE=143 CODE=0",
        "2025-03-14T09:12:44+0100 pve1 kernel: nft-drop IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 MF FRAG:8 PROTO=UDP "
                + "INCOMPLETE [8 bytes]",
        "Mar 14 09:12:44 pve1 kernel: IN=eth0 OUT= SRC=2001:db8::1 DST=2001:db8::2 LEN=1280 TC=0 HOPLIMIT=64 FLOWLBL=0 "
                + "FRAG:1232 INCOMPLETE ID:0a1b2c3d PROTO=UDP ",
        "Mar 14 09:12:44 pve1 ulogd[1]: DROP IN=eth0 OUT= SRC=2001:db8::1 DST=2001:db8::2 LEN=1280 TC=0 HOPLIMIT=64 "
                + "FLOWLBL=0 FRAG: 1232 ID: 0a1b2c3d PROTO=UDP SPT=1 DPT=2 LEN=20 MARK=1f ",
        "[DESTROY] ipv4     2 tcp      6 src=10.0.0.1 dst=10.0.0.2 sport=4000 dport=22 src=10.0.0.2 dst=10.0.0.1 "
                + "sport=22 dport=4000 [ASSURED]",
        "Mar 14 09:12:44 pve1 ulogd[1]: DROP IN=eth0 OUT= PHYSIN=3 SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=TCP SPT=1 DPT=2 ",
    };
    private static final String ALPHABET = " =:<>[]-.0123456789abcfINOUTSRCDSTLENPROTO\t\"\\\u00e9\ufeff\u0000|+";

    private final FirewallLineParser parser = new FirewallLineParser(
            SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"), Instant.parse("2025-03-20T00:00:00Z")));

    @Test
    void every_seed_parses_and_no_mutation_of_one_throws_or_makes_bad_json() throws Exception {
        for (String seed : SEEDS) {
            assertThat(parser.parse(seed, Origin.of("seed", 1), Instant.EPOCH)).as(seed)
                    .isNotInstanceOf(ParseResult.Failed.class);
        }
        Random random = new Random(20261126);
        List<String> thrown = new ArrayList<>();
        int events = 0;
        for (int round = 0; round < 150_000; round++) {
            String line = mutate(SEEDS[random.nextInt(SEEDS.length)], random);
            try {
                ParseResult result = parser.parse(line, Origin.of("fuzz", round), Instant.EPOCH);
                if (result instanceof ParseResult.Parsed parsed) {
                    Json.events().readTree(FirewallEventJson.bytes(parsed.event()));
                    // what ingest publishes must be keyable: the flow key refuses what a parse let through
                    ai.thinkheads.droptrace.core.flow.FlowKey.of(parsed.event().packet()).encode();
                    events++;
                } else if (result instanceof ParseResult.Status st) {
                    new ai.thinkheads.droptrace.core.event.LoggerStatus(
                            ai.thinkheads.droptrace.core.event.LoggerStatus.SCHEMA_VERSION, Instant.EPOCH, st.zoneOffset(),
                            st.host(), st.level(), st.kind(), st.text(), st.skipped(), Origin.of("fuzz", round));
                } else if (result instanceof ParseResult.Failed failed) {
                    assertThat(failed.reason()).as(line).isNotBlank();
                }
            } catch (Exception | AssertionError e) {
                if (thrown.size() < 5) {
                    thrown.add(e + " on: " + line);
                }
            }
        }
        assertThat(thrown).isEmpty();
        assertThat(events).as("mutations that still parse").isGreaterThan(10_000);
    }

    private static String mutate(String seed, Random random) {
        StringBuilder line = new StringBuilder(seed);
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && line.length() > 0; m++) {
            int at = random.nextInt(line.length());
            switch (random.nextInt(7)) {
                case 0 -> line.setLength(at);
                case 1 -> line.deleteCharAt(at);
                case 2 -> line.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 3 -> line.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 4 -> line.insert(at, "99999999999999999999");
                case 5 -> line.insert(at, line.substring(at, Math.min(line.length(), at + random.nextInt(20))));
                default -> line.insert(at, '=');
            }
        }
        return line.toString();
    }
}
