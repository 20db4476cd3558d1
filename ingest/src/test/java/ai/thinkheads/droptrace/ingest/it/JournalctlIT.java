package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real journal, written by systemd-journal-remote from journald's export format, read back by
 * journalctl in the output formats users pipe into droptrace, each line through the parser.
 */
class JournalctlIT {

    private static final Path JOURNAL_REMOTE = Path.of("/lib/systemd/systemd-journal-remote");
    /** 2024-03-14T08:13:20.123456Z. */
    private static final long MICROS = 1_710_404_000_123_456L;
    private static final String UFW = "[UFW BLOCK] IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 "
            + "SRC=10.0.0.1 DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=22 "
            + "WINDOW=64240 RES=0x00 SYN URGP=0 ";
    /** A prefix with a byte that is not UTF-8: journald keeps it, journalctl -o json writes the message as bytes. */
    private static final byte[] LATIN1 = ("fw\u00e9 IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.3 LEN=40 PROTO=UDP SPT=1 "
            + "DPT=53 LEN=20").getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    static Path dir;

    private static Path journalctl;
    private static Path journal;

    @BeforeAll
    static void journal() throws Exception {
        journalctl = ExternalTool.require("journalctl", "systemd");
        assumeTrue(Files.isExecutable(JOURNAL_REMOTE), "skipped: " + JOURNAL_REMOTE + " is not installed (Debian "
                + "package systemd-journal-remote; CI installs it through .ci/run)");
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        entry(export, MICROS, UFW.getBytes(StandardCharsets.UTF_8));
        entry(export, MICROS + 1_000_000, LATIN1);
        Path input = Files.write(dir.resolve("entries.export"), export.toByteArray());
        journal = dir.resolve("test.journal");
        ExternalTool.Result r = ExternalTool.run(60, JOURNAL_REMOTE.toString(), "-o", journal.toString(),
                input.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    /** One entry in journald's export format; the message as a binary field (length-prefixed), as journald does for non-text. */
    private static void entry(ByteArrayOutputStream out, long micros, byte[] message) {
        String text = "__REALTIME_TIMESTAMP=" + micros + "\n__MONOTONIC_TIMESTAMP=" + (micros / 1000) + "\n"
                + "_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=pve1\nPRIORITY=4\nSYSLOG_IDENTIFIER=kernel\n"
                + "_TRANSPORT=kernel\nMESSAGE\n";
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(message.length).array());
        out.writeBytes(message);
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "journalctl -o {0}")
    @CsvSource({"json, 123456", "json-seq, 123456", "json-sse, 123456", "short, 0", "short-iso, 0",
        "short-iso-precise, 123456", "short-precise, 123456", "short-unix, 123456", "short-full, 0", "with-unit, 0"})
    void each_output_format_of_journalctl_parses_to_the_entries_time_host_and_fields(String format, int micros)
            throws Exception {
        // When: the journal read back as a user would pipe it (--all: a message that is not UTF-8 printed as it is)
        List<String> lines = journalctl(format, "--all").stream().filter(line -> !line.isEmpty()).toList(); // json-sse
        // Then
        assertThat(lines).hasSize(2);
        FirewallEvent ufw = event(lines.get(0));
        Instant second = Instant.ofEpochSecond(MICROS / 1_000_000);
        assertThat(ufw.time()).isEqualTo(second.plusNanos(micros * 1_000L));
        assertThat(ufw.host()).isEqualTo("pve1");
        assertThat(ufw.message()).isEqualTo("[UFW BLOCK]");
        assertThat(ufw.packet().destinationPort()).isEqualTo(22);
        assertThat(ufw.packet().tcpFlags()).containsExactly("SYN");
        FirewallEvent latin1 = event(lines.get(1));
        assertThat(latin1.packet().destination()).isEqualTo("10.0.0.3");
        assertThat(latin1.packet().udpLength()).isEqualTo(20);
        assertThat(latin1.time()).isEqualTo(second.plusSeconds(1).plusNanos(micros * 1_000L));
    }

    @ParameterizedTest(name = "journalctl -o {0}")
    @CsvSource({"short", "short-iso", "short-precise", "short-unix", "short-full"})
    void a_message_journalctl_left_out_for_not_being_utf8_is_a_failure_that_says_to_add_all(String format)
            throws Exception {
        // When: without --all, journalctl's short formats print "[79B blob data]" in place of such a message
        List<String> lines = journalctl(format);
        // Then: the first entry is read, the second is a failure that says what happened and what to do
        assertThat(lines).hasSize(2);
        assertThat(event(lines.get(0)).packet().destinationPort()).isEqualTo(22);
        ParseResult result = parser().parse(lines.get(1), Origin.of("journalctl", 2), Instant.now());
        assertThat(result).isInstanceOf(ParseResult.Failed.class);
        assertThat(((ParseResult.Failed) result).reason()).isEqualTo("journalctl left out this message ([" + LATIN1.length
                + "B blob data]: it is not UTF-8); run journalctl with --all, or -o json");
    }

    @org.junit.jupiter.api.Test
    void an_entry_with_a_field_twice_and_a_message_ending_in_a_line_end_is_read_from_what_journalctl_prints()
            throws Exception {
        // Given: a journal of one entry that holds SYSLOG_IDENTIFIER twice, whose message (a UDP line) its sender
        // ended with CR LF
        String udp = "[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.4 LEN=40 PROTO=UDP SPT=1 DPT=53 LEN=20";
        byte[] message = (udp + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        export.writeBytes(("__REALTIME_TIMESTAMP=" + MICROS + "\n__MONOTONIC_TIMESTAMP=1\n_BOOT_ID="
                + "0123456789abcdef0123456789abcdef\n_HOSTNAME=pve1\nPRIORITY=4\nSYSLOG_IDENTIFIER=kernel\n"
                + "SYSLOG_IDENTIFIER=kern2\n_TRANSPORT=kernel\nMESSAGE\n").getBytes(StandardCharsets.US_ASCII));
        export.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(message.length).array());
        export.writeBytes(message);
        export.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        Path input = Files.write(dir.resolve("twice.export"), export.toByteArray());
        Path twice = dir.resolve("twice.journal");
        ExternalTool.Result made = ExternalTool.run(60, JOURNAL_REMOTE.toString(), "-o", twice.toString(),
                input.toString());
        assertThat(made.exitCode()).as(made.output()).isZero();
        // When: journalctl prints it as JSON (the identifier an array of its values, the message an array of its bytes)
        // and as json-pretty (those bytes one a line)
        List<String> json = print(twice, "json");
        List<String> pretty = print(twice, "json-pretty");
        // Then: the entry is its event (before, a dead letter: "an array of something else than bytes"; and its
        // message's last field, "LEN is not a number: '20\x0d'")
        assertThat(json).hasSize(1);
        assertThat(json.get(0)).contains("\"SYSLOG_IDENTIFIER\":[\"kernel\",\"kern2\"]");
        FirewallEvent e = event(json.get(0));
        assertThat(e.packet().udpLength()).isEqualTo(20);
        assertThat(e.line()).isEqualTo(udp);
        // and every line of json-pretty is a failure that says it is JSON (an identifier's value in its array, a line
        // of its own too, keeps the hint of pvesh's JSON), each byte's line that says to give one object a line (before,
        // "no netfilter fields" for each)
        assertThat(pretty).hasSizeGreaterThan(message.length);
        for (String line : pretty) {
            ParseResult result = parser().parse(line, Origin.of("journalctl", 1), Instant.now());
            assertThat(result).as(line).isInstanceOfSatisfying(ParseResult.Failed.class,
                    f -> assertThat(f.reason()).containsIgnoringCase("json").doesNotStartWith("no netfilter"));
        }
        assertThat(pretty).filteredOn(line -> line.strip().matches("[0-9]+,?")).hasSize(message.length)
                .allSatisfy(line -> assertThat(((ParseResult.Failed) parser().parse(line, Origin.of("journalctl", 1),
                        Instant.now())).reason()).contains("json-pretty"));
    }

    private static List<String> print(Path file, String format) throws Exception {
        ExternalTool.Result r = ExternalTool.run(60, journalctl.toString(), "--file", file.toString(), "--quiet",
                "--no-pager", "-o", format);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output().lines().toList();
    }

    /** The journal's lines in {@code format}, in Berlin time where the format is local. */
    private static List<String> journalctl(String format, String... more) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("env", "TZ=Europe/Berlin", journalctl.toString(),
                "--file", journal.toString(), "--quiet", "--no-pager", "-o", format));
        command.addAll(List.of(more));
        ExternalTool.Result r = ExternalTool.run(60, command.toArray(new String[0]));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output().lines().toList();
    }

    private static FirewallLineParser parser() {
        return new FirewallLineParser(SyslogYearAndZone.of(2024, ZoneId.of("Europe/Berlin"),
                Instant.parse("2024-03-20T00:00:00Z")));
    }

    private static FirewallEvent event(String line) {
        ParseResult result = parser().parse(line, Origin.of("journalctl", 1), Instant.now());
        assertThat(result).as(line + " -> " + result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event();
    }
}
