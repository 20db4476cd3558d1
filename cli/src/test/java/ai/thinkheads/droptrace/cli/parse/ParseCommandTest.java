package ai.thinkheads.droptrace.cli.parse;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.json.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {

    private static final String DROP = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 "
            + "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=47120 DPT=23 "
            + "SEQ=1 ACK=0 WINDOW=1024 SYN ";

    @TempDir
    Path dir;

    @Test
    void a_rotated_set_with_gzip_gives_one_json_event_per_line_in_time_order() throws Exception {
        // Given
        Files.writeString(dir.resolve("fw.log"), DROP.replace("ID=54321", "ID=3") + "\n");
        Files.writeString(dir.resolve("fw.log.1"), DROP.replace("ID=54321", "ID=2") + "\n"
                + "0 3 - 14/Mar/2025:09:23:00 +0100 skipped 312 log entries (queue full)\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("fw.log.2.gz")))) {
            out.write((DROP.replace("ID=54321", "ID=1") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // When
        CliRun run = CliRun.of("parse", dir.resolve("fw.log").toString(), dir.resolve("fw.log.2.gz").toString(),
                dir.resolve("fw.log.1").toString());
        // Then
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        List<Long> ids = lines.stream().map(ParseCommandTest::event).map(e -> e.packet().ipId()).toList();
        assertThat(ids).containsExactly(1L, 2L, 3L);
        assertThat(run.err()).contains("3 events, 1 status line (logger reported 312 skipped), 0 failed");
    }

    @Test
    void a_rotated_file_given_plain_and_gzip_compressed_is_read_once() throws Exception {
        // Given: pve-firewall.log.2.gz unpacked with gunzip -k beside it, the set given by its glob
        Path plain = Files.writeString(dir.resolve("pve-firewall.log.2"), DROP + "\n");
        Path gz = dir.resolve("pve-firewall.log.2.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((DROP + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // When
        CliRun run = CliRun.of("parse", plain.toString(), gz.toString());
        // Then the event once, not twice
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        assertThat(run.err()).contains("droptrace: warning: " + gz + " holds the lines of " + plain);
    }

    @Test
    void failures_take_their_format_in_any_case_as_output_does() throws Exception {
        // Given
        Path file = dir.resolve("mixed.log");
        Files.writeString(file, DROP + "\nnot a firewall line\n");
        // When
        CliRun json = CliRun.of("parse", "--failures", "JSON", file.toString());
        CliRun wrong = CliRun.of("parse", "--failures", "xml", file.toString());
        // Then
        assertThat(json.exitCode()).isZero();
        assertThat(Json.events().readTree(json.err().lines().findFirst().orElseThrow()).get("line").asText())
                .isEqualTo("not a firewall line");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).contains("'xml' is not an output format: use text or json");
    }

    @Test
    void failures_go_to_stderr_as_text_or_as_json() throws Exception {
        // Given
        Path file = dir.resolve("mixed.log");
        Files.writeString(file, DROP + "\nnot a firewall line\n");
        // When
        CliRun text = CliRun.of("parse", file.toString());
        CliRun json = CliRun.of("parse", "--failures", "json", file.toString());
        // Then
        assertThat(text.exitCode()).isZero();
        assertThat(text.out().lines()).hasSize(1);
        assertThat(text.err()).contains(file + ":2: no netfilter fields");
        assertThat(Json.events().readTree(json.err().lines().findFirst().orElseThrow()).get("line").asText())
                .isEqualTo("not a firewall line");
        // With JSON failures every line on stderr is JSON, the summary last
        List<String> err = json.err().lines().toList();
        for (String line : err) {
            assertThat(Json.events().readTree(line).isObject()).as(line).isTrue();
        }
        assertThat(err.get(err.size() - 1)).isEqualTo(
                "{\"summary\":{\"read\":2,\"parsed\":1,\"status\":0,\"deadLettered\":1,\"blank\":0,\"outsideWindow\":0,\"skippedByLogger\":0}}");
    }

    @Test
    void a_failure_that_quotes_control_characters_of_its_line_prints_them_escaped_on_one_line() throws Exception {
        // Given a line whose TTL holds a terminal's title escape sequence
        Path file = dir.resolve("escape.log");
        Files.writeString(file, "[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 "
                + "TTL=6\u001b]0;pwned\u0007 ID=1 PROTO=TCP SPT=1 DPT=22\n");
        // When
        CliRun run = CliRun.of("parse", file.toString());
        // Then the terminal gets \xNN, not the sequence
        assertThat(run.err()).contains(file + ":1: TTL is not a number: '6\\x1b]0;pwned\\x07'")
                .doesNotContain("\u001b").doesNotContain("\u0007");
    }

    @Test
    void a_dmesg_line_timed_by_when_it_is_read_is_kept_by_a_window() throws Exception {
        // Given a kernel line with no time of its own (dmesg), and a window long past
        Path file = dir.resolve("dmesg.txt");
        Files.writeString(file, "[  307.757925] [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 TOS=0x00 "
                + "PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=1234 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0\n" + DROP + "\n");
        // When
        CliRun run = CliRun.of("parse", "--until", "2025-01-01T00:00:00Z", file.toString());
        // Then the dmesg line is printed, the pve line of 2025-03-14 is outside
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        assertThat(event(run.out().lines().findFirst().orElseThrow()).packet().destinationPort()).isEqualTo(22);
        assertThat(run.err()).contains("1 line outside --from/--until");
    }

    @Test
    void from_and_until_print_the_events_of_their_window_and_count_the_others() throws Exception {
        // Given the drop at 08:13:02 UTC and one a day later
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), DROP + "\n" + DROP.replace("14/Mar", "15/Mar") + "\n");
        // When
        CliRun run = CliRun.of("parse", log.toString(), "--from", "2025-03-14T00:00:00Z", "--until",
                "2025-03-15T00:00:00Z");
        // Then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1).allSatisfy(line -> assertThat(line).contains("\"time\":\"2025-03-14T08:13:02Z\""));
        assertThat(run.err()).contains("parsed 1 of 2 lines: 1 event", "1 line outside --from/--until");
    }

    @Test
    void rfc_3164_lines_are_followed_by_a_note_of_the_year_and_zone_they_were_read_with_and_pve_lines_by_none()
            throws Exception {
        // Given a kernel log across New Year, last written on 2 January 2026, and a pve-firewall.log
        String kernel = " pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.153 DST=10.0.0.12 LEN=60 PROTO=TCP "
                + "SPT=40000 DPT=8443 SYN \n";
        Path log = Files.writeString(dir.resolve("kern.log"), "Dec 31 23:00:00" + kernel + "Jan  2 09:00:00" + kernel);
        Files.setLastModifiedTime(log, FileTime.from(Instant.parse("2026-01-02T10:00:00Z")));
        Path pve = Files.writeString(dir.resolve("pve-firewall.log"), DROP + "\n");
        // When
        CliRun run = CliRun.of("parse", "--zone", "UTC", log.toString(), pve.toString());
        // Then: the note says what parse assumed for them, as replay's summary does
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("  " + log + ": 2 line(s) with RFC 3164 timestamps, which carry no year or zone: "
                + "year inferred from the file's modification time, 2026-01-02T10:00:00Z, zone UTC (--zone); dated "
                + "2025-12-31 to 2026-01-02").doesNotContain(pve + ": ");
    }

    @Test
    void journalctl_short_full_output_alone_is_parsed_with_a_note_of_the_zone_it_was_read_in() throws Exception {
        // Given: what journalctl -o short-full prints on a host in Berlin, its zone's abbreviation not read
        Path log = Files.writeString(dir.resolve("journal.txt"), "Tue 2024-12-31 23:59:59 CET pve1 kernel: [UFW BLOCK] "
                + "IN=eth0 OUT= SRC=10.0.0.153 DST=10.0.0.12 LEN=60 PROTO=TCP SPT=40000 DPT=8443 SYN \n");
        // When
        CliRun run = CliRun.of("parse", "--zone", "Europe/Berlin", log.toString());
        // Then: its event and the note (before: "unexpected failure: Instant exceeds minimum or maximum instant", 1)
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"time\":\"2024-12-31T22:59:59Z\"");
        assertThat(run.err()).contains("  " + log + ": 1 line(s) with RFC 3164 timestamps", "zone Europe/Berlin (--zone); "
                + "dated 2024-12-31; 1 of them wrote their year").doesNotContain("unexpected");
    }

    @Test
    void an_empty_gz_file_given_alone_is_said_and_stdin_is_not_read_in_its_place() throws Exception {
        // Given: a compression that failed at its start left pve-firewall.log.2.gz empty, and a line on stdin
        Path empty = Files.write(dir.resolve("pve-firewall.log.2.gz"), new byte[0]);
        // When
        CliRun run = CliRun.withStdin((DROP + "\n").getBytes(StandardCharsets.UTF_8), "parse", empty.toString());
        // Then: the file is said to be empty, and nothing is read from stdin
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("droptrace: warning: " + empty + " is empty (0 bytes, not even a gzip header",
                "parsed 0 of 0 lines");
    }

    @Test
    void input_without_one_firewall_line_exits_9_saying_so_and_empty_input_is_fine() throws Exception {
        // Given
        Path wrong = dir.resolve("auth.log");
        Files.writeString(wrong, "Mar 14 09:12:44 pve1 sshd[811]: Accepted publickey for root\nsecond line\n");
        Path empty = Files.writeString(dir.resolve("empty.log"), "");
        Path blank = Files.writeString(dir.resolve("blank.log"), "\n  \n\t\n");
        // When
        CliRun none = CliRun.of("parse", wrong.toString());
        CliRun nothing = CliRun.of("parse", empty.toString());
        CliRun blanks = CliRun.of("parse", blank.toString());
        // Then
        assertThat(none.exitCode()).isEqualTo(9);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains(wrong + ":1: ", wrong + ":2: ",
                "droptrace: not one of the 2 lines read is a firewall line").doesNotContain("Exception");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.err()).contains("parsed 0 of 0 lines");
        CliRun one = CliRun.of("parse", Files.writeString(dir.resolve("one.log"), "second line\n").toString());
        assertThat(one.exitCode()).isEqualTo(9);
        assertThat(one.err()).contains("droptrace: the one line read is not a firewall line (it is in the failures above "
                + "or the dead letters); is it the right file?").doesNotContain("1 lines");
        // blank lines are neither failures nor firewall lines: as empty input, said in the summary
        assertThat(blanks.exitCode()).isZero();
        assertThat(blanks.err().strip()).isEqualTo("parsed 0 of 3 lines: 0 events, 0 status lines (logger reported 0 "
                + "skipped), 0 failed, 3 blank lines skipped");
    }

    @Test
    void with_json_failures_a_file_that_breaks_off_is_said_in_json_too() throws Exception {
        // Given: a gzip file cut short (stderr of --failures json is read by a script, through jq say)
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(whole)) {
            for (int k = 0; k < 5_000; k++) {
                out.write((DROP + "\nnot a firewall line\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Path file = dir.resolve("fw.log.2.gz");
        Files.write(file, java.util.Arrays.copyOf(whole.toByteArray(), whole.size() / 2));
        // When
        CliRun run = CliRun.of("parse", "--failures", "json", file.toString());
        // Then: every line on stderr is JSON, the last one the error, and the exit code as in the text form
        assertThat(run.exitCode()).isEqualTo(1);
        List<String> err = run.err().lines().toList();
        for (String line : err) {
            assertThat(Json.events().readTree(line).isObject()).as(line).isTrue();
        }
        assertThat(Json.events().readTree(err.get(err.size() - 1)).get("error").asText())
                .startsWith("cannot read " + file + ": the gzip data ends early");
    }

    @Test
    void a_truncated_gzip_file_is_one_error_line_after_the_lines_read_before_it() throws Exception {
        // Given: 20,000 lines compressed, of which the file keeps the first half
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(whole)) {
            for (int k = 0; k < 20_000; k++) {
                out.write((DROP.replace("ID=54321", "ID=" + k) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Path file = dir.resolve("fw.log.2.gz");
        Files.write(file, java.util.Arrays.copyOf(whole.toByteArray(), whole.size() / 2));
        // When
        CliRun run = CliRun.of("parse", file.toString());
        // Then
        assertThat(run.exitCode()).isEqualTo(1);
        java.util.regex.Matcher said = java.util.regex.Pattern.compile("droptrace: cannot read " + java.util.regex.Pattern.quote(
                file.toString()) + ": the gzip data ends early \\(a truncated file, or one still being compressed\\) "
                + "after line (\\d+); the lines before it were processed").matcher(run.err().strip());
        assertThat(said.matches()).as(run.err()).isTrue();
        long before = Long.parseLong(said.group(1));
        assertThat(before).isPositive().isLessThan(20_000);
        assertThat(run.out().lines()).hasSize((int) before);
        assertThat(event(run.out().lines().reduce((a, b) -> b).orElseThrow()).packet().ipId()).isEqualTo(before - 1);
    }

    @Test
    void a_gzip_file_whose_header_is_cut_or_names_another_method_is_one_line_naming_it_after_the_files_before() throws Exception {
        // Given
        Path plain = Files.writeString(dir.resolve("fw.log"), DROP + "\n");
        Path cut = Files.write(dir.resolve("fw.log.3.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0});
        Path method = Files.write(dir.resolve("fw.log.2.gz"), new byte[] {0x1f, (byte) 0x8b, 9, 0, 0, 0, 0, 0, 0, 3});
        // When
        CliRun cutRun = CliRun.of("parse", plain.toString(), cut.toString());
        CliRun methodRun = CliRun.of("parse", method.toString());
        // Then: the live file is read last, after the rotated one that fails
        assertThat(cutRun.exitCode()).isEqualTo(1);
        assertThat(cutRun.err().strip()).isEqualTo("droptrace: cannot read " + cut + ": the gzip data ends early "
                + "(a truncated file, or one still being compressed) at its start");
        assertThat(methodRun.exitCode()).isEqualTo(1);
        assertThat(methodRun.err().strip()).isEqualTo("droptrace: cannot read " + method
                + ": the gzip data is corrupt (Unsupported compression method) at its start");
    }

    @Test
    void stdin_is_read_on_its_own_not_with_files() throws Exception {
        // Given
        Path plain = Files.writeString(dir.resolve("fw.log"), DROP + "\n");
        // When
        CliRun withFile = CliRun.of("parse", "-", plain.toString());
        CliRun twice = CliRun.of("parse", "-", "-");
        // Then
        assertThat(withFile.exitCode()).isEqualTo(2);
        assertThat(withFile.err()).contains("'-' (stdin) is read on its own, not with files");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("'-' (stdin) is read on its own");
    }

    @Test
    void a_file_given_twice_is_read_once_with_a_warning_line_that_names_droptrace() throws Exception {
        // Given
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), "");

        // When
        CliRun run = CliRun.of("parse", log.toString(), log.toString());

        // Then: every warning line starts as every error line does ('warning: ...' alone before)
        assertThat(run.exitCode()).isZero();
        assertThat(run.err().lines()).contains("droptrace: warning: " + log + " is given twice: read once");
    }

    @Test
    void a_missing_file_is_one_usage_error_line() {
        // When
        CliRun run = CliRun.of("parse", dir.resolve("nope.log").toString());
        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read").contains("no such file").doesNotContain("Exception");
    }

    @Test
    void a_directory_given_as_a_file_is_one_usage_error_line_that_says_so() {
        // When
        CliRun run = CliRun.of("parse", dir.toString());
        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("droptrace: cannot read " + dir + ": a directory, not a file");
    }

    @Test
    void a_year_or_zone_no_log_can_have_is_one_usage_error_line() throws Exception {
        // Given
        Path file = dir.resolve("fw.log");
        Files.writeString(file, DROP + "\n");
        // When
        CliRun typo = CliRun.of("parse", "--year", "225", file.toString());
        CliRun zone = CliRun.of("parse", "--zone", "Mars/Olympus", file.toString());
        CliRun fine = CliRun.of("parse", "--year", "2025", "--zone", "+01:00", file.toString());
        // Then
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err().lines().findFirst().orElseThrow())
                .isEqualTo("droptrace: --year 225 is not a year of a firewall log (1970-9999) (see 'droptrace parse --help')");
        assertThat(typo.out()).isEmpty();
        assertThat(zone.exitCode()).isEqualTo(2);
        assertThat(zone.err()).contains("--zone 'Mars/Olympus' is not a zone").doesNotContain("\tat ");
        assertThat(fine.exitCode()).isZero();
        assertThat(fine.out().lines()).hasSize(1);
    }

    @Test
    void a_line_of_megabytes_is_one_failure_keeping_its_start_and_the_lines_after_it_parse() throws Exception {
        // Given
        Path file = dir.resolve("blob.log");
        Files.writeString(file, "x".repeat(2_000_000) + "\n" + DROP + "\n");
        // When
        CliRun run = CliRun.of("parse", "--failures", "json", file.toString());
        // Then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        com.fasterxml.jackson.databind.JsonNode dead = Json.events().readTree(run.err().lines().findFirst().orElseThrow());
        assertThat(dead.get("reason").asText()).isEqualTo("a line longer than the 65,536 characters a firewall line can "
                + "have (only its first 65,536 characters kept)");
        assertThat(dead.get("line").asText()).hasSize(65_536);
        assertThat(dead.get("origin").get("position").asLong()).isEqualTo(1);
    }

    @Test
    void a_failed_line_that_is_not_utf8_keeps_its_bytes_in_its_dead_letter_and_a_plain_failure_does_not() throws Exception {
        // Given a Latin-1 line (what a device that does not speak UTF-8 sends) and a plain malformed line
        Path file = dir.resolve("mixed.log");
        byte[] latin1 = "kernel: Grüße from a device without UTF-8".getBytes(StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        content.write(latin1);
        content.write("\nnot a firewall line\n".getBytes(StandardCharsets.UTF_8));
        Files.write(file, content.toByteArray());
        // When
        CliRun run = CliRun.of("parse", "--failures", "json", file.toString());
        // Then
        List<com.fasterxml.jackson.databind.JsonNode> dead = new java.util.ArrayList<>();
        for (String line : run.err().lines().filter(l -> l.contains("\"reason\"")).toList()) {
            dead.add(Json.events().readTree(line));
        }
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).get("line").asText()).isEqualTo("kernel: Gr\uFFFD\uFFFDe from a device without UTF-8");
        assertThat(dead.get(0).get("reason").asText()).endsWith("the dead letter keeps the bytes as read)");
        assertThat(java.util.Base64.getDecoder().decode(dead.get(0).get("bytes").asText())).isEqualTo(latin1);
        assertThat(dead.get(1).has("bytes")).isFalse();
    }

    @Test
    void host_names_the_node_on_each_event_and_a_name_with_a_space_is_a_usage_error() throws Exception {
        Path file = dir.resolve("pve2.log");
        Files.writeString(file, DROP + "\n");

        CliRun named = CliRun.of("parse", "--host", "pve2", file.toString());
        CliRun unnamed = CliRun.of("parse", file.toString());
        CliRun bad = CliRun.of("parse", "--host", "pve 2", file.toString());

        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(Json.events().readTree(named.out().strip()).get("host").asText()).isEqualTo("pve2");
        assertThat(Json.events().readTree(unnamed.out().strip()).has("host")).isFalse();
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("droptrace: --host 'pve 2' is not a host name\n");
    }

    @Test
    void a_pipe_like_a_process_substitution_and_gzip_on_stdin_are_read() throws Exception {
        // Given: a named pipe fed by another thread (what <(zcat old.gz) gives), and gzip bytes on stdin
        Path fifo = dir.resolve("fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available here");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, (DROP + "\n").repeat(3000));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.setDaemon(true); // never keeps the test JVM alive, should nothing open the pipe
        writer.start();
        java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(gzip)) {
            out.write((DROP + "\n" + DROP + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        // When
        CliRun piped = CliRun.of("parse", fifo.toString());
        writer.join(10_000);
        CliRun stdin = CliRun.withStdin(gzip.toByteArray(), "parse");
        // Then
        assertThat(piped.exitCode()).as(piped.err()).isZero();
        assertThat(piped.out().lines()).hasSize(3000);
        assertThat(stdin.exitCode()).as(stdin.err()).isZero();
        assertThat(stdin.out().lines()).hasSize(2);
    }

    @Test
    void a_file_compressed_other_than_with_gzip_is_one_line_saying_how_to_feed_it_in() throws Exception {
        // Given the magic bytes of xz, bzip2, zstd and zip, and UTF-16 text with and without a byte order mark
        byte[][] heads = {{(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1}, {'B', 'Z', 'h', '9', 1}, {0x28, (byte) 0xb5, 0x2f,
            (byte) 0xfd, 1}, {'P', 'K', 3, 4, 1}, "\uFEFF100 5 tap100i0-IN".getBytes(StandardCharsets.UTF_16LE),
            "100 5 tap100i0-IN".getBytes(StandardCharsets.UTF_16LE)};
        String[] said = {"it is xz-compressed; droptrace reads UTF-8 text and gzip: xz -dc ",
            "it is bzip2-compressed; droptrace reads UTF-8 text and gzip: bzip2 -dc ",
            "it is zstd-compressed; droptrace reads UTF-8 text and gzip: zstd -dc ",
            "it is a zip archive; droptrace reads UTF-8 text and gzip: unzip -p ",
            "it is UTF-16 text; droptrace reads UTF-8 text and gzip: iconv -f UTF-16 -t UTF-8 ",
            "it is UTF-16 text (little-endian, no byte order mark); droptrace reads UTF-8 text and gzip: "
                + "iconv -f UTF-16LE -t UTF-8 "};
        for (int k = 0; k < heads.length; k++) {
            Path file = Files.write(dir.resolve("fw.log." + k), heads[k]);
            // When
            CliRun run = CliRun.of("parse", file.toString());
            // Then
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().strip()).isEqualTo("droptrace: cannot read " + file + ": " + said[k] + file
                    + " | droptrace parse -");
        }
    }

    private static FirewallEvent event(String json) {
        try {
            return Json.events().readValue(json, FirewallEvent.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
