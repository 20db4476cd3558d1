package ai.thinkheads.droptrace.ingest.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real lines of other projects: Filebeat's iptables module test logs (kernel LOG lines, IPv6,
 * ICMP, Ubiquiti prefixes) and CrowdSec's hub tests (pve-firewall.log lines of a Proxmox host and
 * kernel lines in syslog, with the fields CrowdSec's parsers assert).
 */
class PeerLinesConformanceTest {

    private final FirewallLineParser parser = new FirewallLineParser(
            SyslogYearAndZone.of(2022, ZoneId.of("UTC"), Instant.parse("2022-12-31T00:00:00Z")));

    @Test
    void every_elastic_beats_line_parses_with_the_fields_read_off_the_line() throws IOException {
        // Given
        Path dir = PeerData.folder("elastic-beats");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        List<String> mismatches = new ArrayList<>();
        // When
        for (String line : lines) {
            ParseResult result = parser.parse(line, Origin.of("elastic-beats", 1));
            if (!(result instanceof ParseResult.Parsed p)) {
                mismatches.add("not parsed: " + result + " <- " + line);
                continue;
            }
            compareWithTokens(line, p.event().packet(), mismatches);
        }
        PeerData.report("elastic-beats: " + lines.size() + " kernel LOG lines parsed and checked field by field");
        // Then
        assertThat(lines).hasSize(30);
        assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
    }

    @Test
    void crowdsec_proxmox_and_iptables_lines_give_the_fields_crowdsec_asserts() {
        // Given
        Path dir = PeerData.folder("crowdsec-hub");
        List<JsonNode> rows = new ArrayList<>(PeerData.jsonLines(dir.resolve("proxmox-iptables-logs.pairs.jsonl")));
        rows.addAll(PeerData.jsonLines(dir.resolve("iptables-logs.pairs.jsonl")));
        rows.addAll(PeerData.jsonLines(dir.resolve("syslog-logs.pairs.jsonl")));
        List<String> mismatches = new ArrayList<>();
        int firewall = 0;
        int skippedByCrowdsec = 0;
        int notFirewall = 0;
        int fieldsCompared = 0;
        // When
        for (JsonNode row : rows) {
            String line = row.get("input").asText();
            JsonNode parsed = firewallStage(row.get("expected"));
            ParseResult result = parser.parse(line, Origin.of("crowdsec", row.get("index").asLong()));
            if (!line.contains(" SRC=")) {
                notFirewall++;
                if (result instanceof ParseResult.Parsed) {
                    mismatches.add("not a firewall line, but parsed: " + line);
                }
                continue;
            }
            if (!(result instanceof ParseResult.Parsed p)) {
                mismatches.add("not parsed: " + result);
                continue;
            }
            if (parsed == null) {
                // CrowdSec's scenario parser filters ACCEPT, OUT and group lines out by design.
                skippedByCrowdsec++;
                continue;
            }
            firewall++;
            fieldsCompared += compareWithCrowdsec(p.event(), parsed, mismatches);
        }
        PeerData.report("crowdsec-hub: " + rows.size() + " pairs: " + firewall + " firewall lines with "
                + fieldsCompared + " CrowdSec-asserted fields compared, " + skippedByCrowdsec
                + " firewall lines CrowdSec filters out parsed too, " + notFirewall + " non-firewall lines dead-lettered");
        // Then
        assertThat(firewall).isGreaterThanOrEqualTo(8);
        assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
    }

    @Test
    void every_line_of_the_crowdsec_test_logs_parses() throws IOException {
        // Given
        Path dir = PeerData.folder("crowdsec-hub").resolve("tests");
        List<String> lines = new ArrayList<>();
        for (String name : List.of("iptables-scan-multi-port", "iptables-logs", "proxmox-iptables-logs")) {
            try (Stream<Path> files = Files.list(dir.resolve(name))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                    lines.addAll(Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList());
                }
            }
        }
        // When
        List<ParseResult> failed = lines.stream().map(l -> parser.parse(l, Origin.of("crowdsec", 1)))
                .filter(r -> !(r instanceof ParseResult.Parsed)).toList();
        PeerData.report("crowdsec-hub test logs: " + lines.size() + " lines, " + failed.size() + " not parsed");
        // Then
        assertThat(failed).isEmpty();
    }

    private static JsonNode firewallStage(JsonNode expected) {
        for (String stage : List.of("s01-parse/aderumier/proxmox-iptables-logs", "s01-parse/crowdsecurity/iptables-logs")) {
            JsonNode s = expected.get(stage);
            if (s != null && s.path("success").asBoolean()) {
                return s.get("parsed");
            }
        }
        return null;
    }

    private static int compareWithCrowdsec(FirewallEvent e, JsonNode c, List<String> mismatches) {
        Packet p = e.packet();
        String verdict = e.message().startsWith("policy ") ? e.message().substring(7) : e.message();
        Map<String, Object> ours = new HashMap<>();
        ours.put("src_ip", p.source());
        ours.put("dst_ip", p.destination());
        ours.put("src_port", str(p.sourcePort()));
        ours.put("dst_port", str(p.destinationPort()));
        ours.put("proto", p.protocol());
        ours.put("vmid", str(e.vmid()));
        ours.put("loglevel", str(e.level()));
        ours.put("iface", p.inInterface());
        ours.put("oface", p.outInterface());
        ours.put("physin", p.physIn());
        ours.put("physout", p.physOut());
        ours.put("dst_mac", p.macDestination());
        ours.put("ttl", str(p.ttl()));
        ours.put("id", str(p.ipId()));
        ours.put("tos", p.tos() == null ? null : p.tos().substring(2));
        ours.put("prec", p.precedence() == null ? null : p.precedence().substring(2));
        ours.put("action", verdict);
        ours.put("data_length", str(p.udpLength()));
        // CrowdSec's iptables grok keeps the last LEN=: on UDP lines that is the UDP length, not the IP length.
        ours.put("length", str("UDP".equals(p.protocol()) ? p.udpLength() : p.length()));
        ours.put("ack", str(p.tcpAck()));
        ours.put("tcp_flags", p.tcpFlags() == null ? null : String.join(" ", p.tcpFlags()));
        int compared = 0;
        for (Map.Entry<String, Object> field : ours.entrySet()) {
            JsonNode expected = c.get(field.getKey());
            if (expected == null) {
                continue;
            }
            compared++;
            if (!Objects.equals(expected.asText(), field.getValue())) {
                mismatches.add(field.getKey() + ": crowdsec '" + expected.asText() + "' vs ours '" + field.getValue()
                        + "' in " + e.line());
            }
        }
        return compared;
    }

    /** Reads SRC, DST, the first LEN, TTL, PROTO, SPT, DPT straight off the line's tokens and compares. */
    private static void compareWithTokens(String line, Packet p, List<String> mismatches) {
        Map<String, String> first = new HashMap<>();
        for (String token : line.split(" ")) {
            int eq = token.indexOf('=');
            if (token.startsWith("[SRC=")) {
                break; // the embedded packet of an ICMP error starts here
            }
            if (eq > 0) {
                String key = token.substring(0, eq);
                int bracket = key.lastIndexOf(']');
                first.putIfAbsent(bracket >= 0 ? key.substring(bracket + 1) : key, token.substring(eq + 1));
            }
        }
        check(line, "SRC", canonical(first.get("SRC")), p.source(), mismatches);
        check(line, "DST", canonical(first.get("DST")), p.destination(), mismatches);
        // The kernel's IPv6 LEN= counts the 40-byte header; the packet's length is the payload's, as pvefw-logger writes it
        String len = first.get("LEN");
        check(line, "LEN", len != null && first.get("SRC").indexOf(':') >= 0 ? Integer.toString(Integer.parseInt(len) - 40)
                : len, str(p.length()), mismatches);
        check(line, "TTL", first.getOrDefault("TTL", first.get("HOPLIMIT")),
                str(p.ttl() != null ? p.ttl() : p.hopLimit()), mismatches);
        // The kernel prints SCTP and IGMP as numbers; pvefw-logger (and the event) names them
        String proto = first.get("PROTO").toUpperCase();
        check(line, "PROTO", "132".equals(proto) ? "SCTP" : "2".equals(proto) ? "IGMP" : proto, p.protocol(), mismatches);
        check(line, "SPT", first.get("SPT"), str(p.sourcePort()), mismatches);
        check(line, "DPT", first.get("DPT"), str(p.destinationPort()), mismatches);
        String in = first.get("IN");
        check(line, "IN", in == null || in.isEmpty() ? null : in, p.inInterface(), mismatches);
        // The kernel writes MARK=0x%x, ulogd MARK=%x
        String mark = first.get("MARK");
        check(line, "MARK", mark == null ? null
                : Long.toString(Long.parseLong(mark.startsWith("0x") ? mark.substring(2) : mark, 16)),
                str(p.mark()), mismatches);
    }

    private static String canonical(String address) {
        try {
            String text = InetAddress.getByName(address).getHostAddress();
            return address.indexOf(':') >= 0 ? text.replaceAll("(^|:)0(:0)+(:|$)", "::").replaceAll(":::+", "::")
                    : text;
        } catch (IOException e) {
            return address;
        }
    }

    private static void check(String line, String field, String expected, String actual, List<String> mismatches) {
        if (!Objects.equals(expected, actual)) {
            mismatches.add(field + ": line has '" + expected + "', parsed '" + actual + "' in " + line);
        }
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
