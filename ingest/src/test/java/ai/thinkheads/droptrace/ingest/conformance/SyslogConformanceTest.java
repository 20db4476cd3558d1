package ai.thinkheads.droptrace.ingest.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.ingest.syslog.Frame;
import ai.thinkheads.droptrace.ingest.syslog.NonTransparentFramer;
import ai.thinkheads.droptrace.ingest.syslog.OctetCountingFramer;
import ai.thinkheads.droptrace.ingest.syslog.Rfc3164Parser;
import ai.thinkheads.droptrace.ingest.syslog.Rfc5424Parser;
import ai.thinkheads.droptrace.ingest.syslog.SyslogMessage;
import ai.thinkheads.droptrace.ingest.syslog.SyslogResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The go-syslog (influxdata) test tables, dumped to JSON in ../shared/data/peer/go-syslog: every
 * valid RFC 5424 case parses to the expected fields, every invalid one is rejected, and best-effort
 * mode returns exactly the partial message go-syslog returns; RFC 3164 and framing cases agree.
 */
class SyslogConformanceTest {

    @Test
    void every_rfc5424_case_of_go_syslog_parses_or_is_rejected_as_go_syslog_does() {
        // Given
        Path dir = PeerData.folder("go-syslog");
        List<JsonNode> rows = PeerData.jsonLines(dir.resolve("rfc5424.cases.jsonl"));
        List<String> mismatches = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        int sameError = 0;
        // When
        for (JsonNode row : rows) {
            boolean compliant = row.get("set").asText().startsWith("nonCompliant");
            byte[] input = row.has("input_hex") ? Base64.getDecoder().decode(row.get("input_hex").asText())
                    : row.get("input").asText().getBytes(StandardCharsets.UTF_8);
            SyslogResult strict = new Rfc5424Parser(false, compliant).parse(input, 0, input.length);
            SyslogResult lenient = new Rfc5424Parser(true, compliant).parse(input, 0, input.length);
            String id = "#" + row.get("index").asInt() + " " + row.get("set").asText().substring(0, 12);
            if (row.get("valid").asBoolean()) {
                valid++;
                if (!strict.ok()) {
                    mismatches.add(id + " valid but rejected: " + strict.error());
                } else {
                    compare(id, row.get("expected"), strict.message(), mismatches);
                }
            } else {
                invalid++;
                if (strict.ok()) {
                    mismatches.add(id + " invalid (" + row.get("error").asText() + ") but accepted");
                }
                if (Objects.equals(strict.error(), row.get("error").asText())) {
                    sameError++;
                }
                compare(id + " best-effort", row.get("partial_best_effort"), lenient.message(), mismatches);
            }
        }
        PeerData.report("go-syslog rfc5424: " + rows.size() + " cases, " + valid + " valid parsed to the expected "
                + "fields, " + invalid + " invalid rejected with best-effort partials compared; " + sameError
                + " error texts identical to go-syslog's (column included)");
        // Then
        assertThat(mismatches).as(String.join("\n", mismatches.subList(0, Math.min(30, mismatches.size()))))
                .isEmpty();
    }

    @Test
    void every_rfc3164_case_of_go_syslog_gives_the_expected_fields() {
        // Given
        Path dir = PeerData.folder("go-syslog");
        List<JsonNode> rows = new ArrayList<>(PeerData.jsonLines(dir.resolve("rfc3164.cases.jsonl")));
        rows.addAll(PeerData.jsonLines(dir.resolve("rfc3164-leodido-v4-extra.cases.jsonl")));
        Rfc3164Parser parser = new Rfc3164Parser(false,
                SyslogYearAndZone.of(2020, ZoneId.of("UTC"), Instant.parse("2020-06-01T00:00:00Z")));
        List<String> mismatches = new ArrayList<>();
        // When
        for (JsonNode row : rows) {
            SyslogResult result = parser.parse(row.get("input").asText());
            String id = "#" + row.get("index").asInt() + " " + row.get("input").asText();
            if (!result.ok()) {
                mismatches.add(id + " rejected: " + result.error());
                continue;
            }
            JsonNode expected = row.get("expected");
            SyslogMessage m = result.message();
            check(id, "Priority", intOrNull(expected, "Priority"), m.priority(), mismatches);
            check(id, "Facility", intOrNull(expected, "Facility"), m.facility(), mismatches);
            check(id, "Severity", intOrNull(expected, "Severity"), m.severity(), mismatches);
            check(id, "Hostname", PeerData.text(expected, "Hostname"), m.hostname(), mismatches);
            check(id, "Appname", PeerData.text(expected, "Appname"), m.appName(), mismatches);
            check(id, "ProcID", PeerData.text(expected, "ProcID"), m.procId(), mismatches);
            check(id, "Message", PeerData.text(expected, "Message"), m.message(), mismatches);
            check(id, "Timestamp", monthDayTime(PeerData.text(expected, "Timestamp")),
                    localMonthDayTime(m), mismatches);
        }
        PeerData.report("go-syslog rfc3164: " + rows.size() + " cases compared field by field");
        // Then
        assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
    }

    @Test
    void octet_counting_and_lf_nul_framing_cases_give_the_same_frames_and_errors() throws IOException {
        // Given
        Path dir = PeerData.folder("go-syslog");
        List<JsonNode> octet = PeerData.jsonLines(dir.resolve("octetcounting.cases.jsonl"));
        List<JsonNode> lf = PeerData.jsonLines(dir.resolve("nontransparent.cases.jsonl"));
        List<String> mismatches = new ArrayList<>();
        int streams = 0;
        // When
        for (JsonNode row : octet) {
            byte[] input = row.get("input").asText().getBytes(StandardCharsets.UTF_8);
            int max = row.get("max_message_length").asInt();
            for (boolean bestEffort : new boolean[] {false, true}) {
                streams++;
                List<Item> got = octetItems(input, max, bestEffort);
                compareItems("octet #" + row.get("index").asInt() + (bestEffort ? " best-effort" : " strict"),
                        row.get(bestEffort ? "results_best_effort" : "results_strict"), got, mismatches);
            }
        }
        for (JsonNode row : lf) {
            String template = row.get("input_template").asText();
            List<String> trailers = row.get("trailer_substituted").asBoolean() ? List.of("\n", "\u0000") : List.of("\n");
            for (String trailer : trailers) {
                byte[] input = template.replace("%[1]s", trailer).getBytes(StandardCharsets.UTF_8);
                for (boolean bestEffort : new boolean[] {false, true}) {
                    streams++;
                    List<Item> got = lfItems(input, bestEffort);
                    compareItems("lf #" + row.get("index").asInt() + (trailer.equals("\n") ? " LF" : " NUL")
                            + (bestEffort ? " best-effort" : " strict"),
                            row.get(bestEffort ? "results_best_effort" : "results_strict"), got, mismatches);
                }
            }
        }
        PeerData.report("go-syslog framing: " + octet.size() + " octet-counting and " + lf.size()
                + " LF/NUL cases, " + streams + " streams (strict and best effort, LF and NUL) compared");
        // Then
        assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
    }

    /** One result of a stream: a message (possibly partial), an error, or both. */
    private record Item(SyslogMessage message, String error) {
    }

    private static List<Item> octetItems(byte[] input, int max, boolean bestEffort) throws IOException {
        OctetCountingFramer framer = new OctetCountingFramer(new ByteArrayInputStream(input), max, bestEffort);
        Rfc5424Parser parser = new Rfc5424Parser(bestEffort, false);
        List<Item> items = new ArrayList<>();
        for (Frame f = framer.next(); f != null; f = framer.next()) {
            if (f.bytes() == null) {
                items.add(new Item(null, f.error()));
                break;
            }
            SyslogResult r = parser.parse(f.bytes(), 0, f.bytes().length);
            if (!f.complete()) {
                // An incomplete frame: best effort parses what arrived and reports the parse error.
                items.add(new Item(r.message(), r.ok() ? f.error() : r.error()));
                break;
            }
            items.add(new Item(r.message(), r.error()));
            if (!r.ok() && !bestEffort) {
                break;
            }
        }
        return items;
    }

    private static List<Item> lfItems(byte[] input, boolean bestEffort) throws IOException {
        NonTransparentFramer framer = new NonTransparentFramer(new ByteArrayInputStream(input), 8192);
        Rfc5424Parser parser = new Rfc5424Parser(bestEffort, false);
        List<Item> items = new ArrayList<>();
        for (Frame f = framer.next(); f != null; f = framer.next()) {
            SyslogResult r = parser.parse(f.bytes(), 0, f.bytes().length);
            // go-syslog reports a last frame without trailer as "unexpected EOF" with the message parsed.
            SyslogMessage message = r.ok() || bestEffort ? r.message() : null;
            items.add(new Item(message, r.ok() ? f.error() : r.error()));
        }
        return items;
    }

    private static void compareItems(String id, JsonNode expected, List<Item> got, List<String> mismatches) {
        if (expected.size() != got.size()) {
            mismatches.add(id + ": expected " + expected.size() + " results, got " + got.size() + " " + got);
            return;
        }
        for (int k = 0; k < got.size(); k++) {
            JsonNode e = expected.get(k);
            Item g = got.get(k);
            String expectedError = PeerData.text(e, "error");
            if (!Objects.equals(expectedError, g.error())) {
                mismatches.add(id + " result " + k + ": error '" + expectedError + "' vs '" + g.error() + "'");
            }
            JsonNode expectedMessage = e.get("message");
            compare(id + " result " + k, expectedMessage == null ? null : expectedMessage, g.message(), mismatches);
        }
    }

    private static void compare(String id, JsonNode expected, SyslogMessage m, List<String> mismatches) {
        if (expected == null || expected.isNull()) {
            if (m != null) {
                mismatches.add(id + ": expected no message, got " + m);
            }
            return;
        }
        if (m == null) {
            mismatches.add(id + ": expected a message, got none");
            return;
        }
        check(id, "Priority", intOrNull(expected, "Priority"), m.priority(), mismatches);
        check(id, "Facility", intOrNull(expected, "Facility"), m.facility(), mismatches);
        check(id, "Severity", intOrNull(expected, "Severity"), m.severity(), mismatches);
        check(id, "Version", intOrNull(expected, "Version"), m.version(), mismatches);
        String ts = PeerData.text(expected, "Timestamp");
        GoTime expectedTime = ts == null ? null : GoTime.parse(ts);
        if (!Objects.equals(expectedTime == null ? null : expectedTime.instant(), m.timestamp())
                || expectedTime != null && expectedTime.offsetSeconds() != m.offsetSeconds()) {
            mismatches.add(id + ": Timestamp " + ts + " vs " + m.timestamp());
        }
        check(id, "Hostname", PeerData.text(expected, "Hostname"), m.hostname(), mismatches);
        check(id, "Appname", PeerData.text(expected, "Appname"), m.appName(), mismatches);
        check(id, "ProcID", PeerData.text(expected, "ProcID"), m.procId(), mismatches);
        check(id, "MsgID", PeerData.text(expected, "MsgID"), m.msgId(), mismatches);
        check(id, "Message", PeerData.text(expected, "Message"), m.message(), mismatches);
        check(id, "StructuredData", structuredData(expected.get("StructuredData")), m.structuredData(), mismatches);
    }

    /** A Go RFC3339Nano time: Go allows offsets beyond java.time's +-18:00 (-23:59). */
    private record GoTime(Instant instant, int offsetSeconds) {
        static GoTime parse(String ts) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.*)([+-])(\\d\\d):(\\d\\d)$").matcher(ts);
            if (m.matches()) {
                int seconds = (Integer.parseInt(m.group(3)) * 3600 + Integer.parseInt(m.group(4)) * 60)
                        * (m.group(2).equals("-") ? -1 : 1);
                java.time.LocalDateTime local = java.time.LocalDateTime.parse(m.group(1));
                return new GoTime(local.toInstant(java.time.ZoneOffset.UTC).minusSeconds(seconds), seconds);
            }
            return new GoTime(OffsetDateTime.parse(ts).toInstant(), 0);
        }
    }

    private static Map<String, Map<String, String>> structuredData(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, Map<String, String>> data = new LinkedHashMap<>();
        node.fields().forEachRemaining(element -> {
            Map<String, String> params = new LinkedHashMap<>();
            element.getValue().fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
            data.put(element.getKey(), params);
        });
        return data;
    }

    private static Integer intOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static String localMonthDayTime(SyslogMessage m) {
        OffsetDateTime t = m.timestamp().atOffset(java.time.ZoneOffset.ofTotalSeconds(m.offsetSeconds()));
        return String.format("%d-%02d %02d:%02d:%02d", t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
                t.getMinute(), t.getSecond());
    }

    private static String monthDayTime(String goTimestamp) {
        if (goTimestamp.startsWith("0000-")) {
            OffsetDateTime t = OffsetDateTime.parse(goTimestamp.replaceFirst("^0000", "2020"));
            return String.format("%d-%02d %02d:%02d:%02d", t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
                    t.getMinute(), t.getSecond());
        }
        // "Sep 17 04:05:37" (time.Stamp text of the hand-transcribed cases)
        String[] parts = goTimestamp.trim().split("\\s+");
        int month = ai.thinkheads.droptrace.ingest.time.CivilTime.month(parts[0], 0);
        String[] hms = parts[2].split(":");
        return String.format("%d-%02d %s:%s:%s", month, Integer.parseInt(parts[1]), hms[0], hms[1], hms[2]);
    }

    private static void check(String id, String field, Object expected, Object actual, List<String> mismatches) {
        if (!Objects.equals(expected, actual)) {
            mismatches.add(id + ": " + field + " '" + expected + "' vs '" + actual + "'");
        }
    }
}
