package ai.thinkheads.droptrace.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.BrokenPipe;
import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trace --log-file} reads the files pve-firewall.log and syslog really are. */
class LogFileAttributionTest {

    private static final String SITE_A = LogLineAttributionTest.LOGS.resolve("site-a").toString();

    /** A real host policy line (section 6 A of the reference), written by site-a's policy at err. */
    private static final String POLICY_LINE = "0 3 PVEFW-HOST-IN 20/Jun/2022:13:09:14 +0200 policy DROP: IN=vmbr0.94 "
            + "MAC=24:8a:07:9a:2a:f2:24:8a:07:50:2c:9e:08:00 SRC=10.3.94.11 DST=10.3.94.12 LEN=52 TOS=0x00 "
            + "PREC=0xC0 TTL=255 ID=64317 DF PROTO=UDP SPT=49152 DPT=3784 LEN=32";

    @TempDir
    Path dir;

    @Test
    void a_line_that_is_not_utf8_is_skipped_and_the_packet_lines_after_it_are_attributed() throws IOException {
        // Given: another daemon's Latin-1 line in a syslog file
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("Jun 20 13:09:13 pve cron[1]: caf".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xe9);
        bytes.write(("\n" + POLICY_LINE + "\n").getBytes(StandardCharsets.US_ASCII));
        Path log = Files.write(dir.resolve("syslog"), bytes.toByteArray());

        // When
        CliRun run = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("line 1: skipped", "line 2: POLICY: written by policy DROP of PVEFW-HOST-IN");
    }

    @Test
    void a_dash_reads_the_log_from_stdin_plain_or_gzip_as_parse_and_replay_do() throws IOException {
        // Given: 'journalctl ... | droptrace trace --log-file -', and 'cat pve-firewall.log.2.gz | ...'
        byte[] plain = ("Jun 20 13:09:13 pve cron[1]: started\n" + POLICY_LINE + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzip)) {
            out.write(plain);
        }

        // When
        CliRun run = CliRun.withStdin(plain, "trace", "--config-dir", SITE_A, "--log-file", "-");
        CliRun zipped = CliRun.withStdin(gzip.toByteArray(), "trace", "--config-dir", SITE_A, "--log-file", "-");
        CliRun empty = CliRun.withStdin(new byte[0], "trace", "--config-dir", SITE_A, "--log-file", "-");

        // Then
        for (CliRun r : java.util.List.of(run, zipped)) {
            assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(r.out()).contains("line 1: skipped", "line 2: POLICY: written by policy DROP of PVEFW-HOST-IN");
            assertThat(r.err()).doesNotContain("no such file");
        }
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(empty.err()).contains("droptrace: stdin has no lines to attribute");
    }

    @Test
    void a_log_compressed_otherwise_than_gzip_is_one_usage_line_with_the_pipe_that_reads_it_as_parse_says()
            throws IOException {
        // Given: a zstd-compressed log (its magic bytes), as a file and on stdin
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0};
        Path log = Files.write(dir.resolve("pve-firewall.log.1.zst"), zstd);

        // When
        CliRun file = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString());
        CliRun stdin = CliRun.withStdin(zstd, "trace", "--config-dir", SITE_A, "--log-file", "-");

        // Then: not "... reads UTF-8 text and gzip at its start", exit 1
        assertThat(file.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(file.err()).contains("cannot read " + log + ": it is zstd-compressed; droptrace reads UTF-8 text and "
                + "gzip: zstd -dc " + log + " | droptrace trace ... --log-file -").doesNotContain("at its start");
        assertThat(stdin.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(stdin.err()).contains("cannot read stdin: it is zstd-compressed; droptrace reads UTF-8 text and gzip: "
                + "put 'zstd -dc' in front of droptrace in the pipe").doesNotContain("at its start");
    }

    @Test
    void a_chain_with_a_bidirectional_override_is_shown_with_it_escaped_in_the_answer() {
        // Given: the policy line with a right-to-left override after its chain, as a hostile sender could write it
        String line = POLICY_LINE.replace("PVEFW-HOST-IN ", "PVEFW-HOST-IN\u202eNI-TSOH ");

        // When
        CliRun run = CliRun.of("trace", "--config-dir", SITE_A, "--log-line", line);

        // Then: the terminal is not told to reorder what follows it
        assertThat(run.out()).startsWith("line 1: ").doesNotContain("\u202e").contains("PVEFW-HOST-IN\\u202eNI-TSOH");
    }

    @Test
    void a_truncated_gzip_log_says_after_which_line_it_ends_as_every_other_reader_does() throws IOException {
        // Given: a rotated log cut short (a copy that stopped, a disk that filled): its first part only
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(whole)) {
            for (int i = 0; i < 2000; i++) {
                out.write((POLICY_LINE.replace("ID=64317", "ID=" + (i * 7919 % 65536)) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] bytes = whole.toByteArray();
        Path log = Files.write(dir.resolve("pve-firewall.log.2.gz"), Arrays.copyOf(bytes, bytes.length / 2));

        // When
        CliRun run = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString());

        // Then: not Java's 'Unexpected end of ZLIB input stream' with the usage-error status
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("cannot read " + log + ": the gzip data ends early", "after line ",
                "; the lines before it were attributed").doesNotContain("ZLIB");
        assertThat(run.out()).contains("line 1: POLICY");
    }

    @Test
    void a_rotated_gzip_log_is_read_like_a_plain_one() throws IOException {
        // Given
        Path log = dir.resolve("pve-firewall.log.2.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(log))) {
            out.write((POLICY_LINE + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        // When
        CliRun run = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("line 1: POLICY: written by policy DROP of PVEFW-HOST-IN");
    }

    @Test
    void a_missing_log_file_is_one_usage_line_saying_why() {
        // Given
        Path log = dir.resolve("nowhere.log");

        // When
        CliRun run = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("cannot read " + log + ": no such file").doesNotContain("Exception");
    }

    @Test
    void an_empty_log_file_says_so_and_an_empty_log_line_is_a_usage_error() throws IOException {
        // Given
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), "\n");

        // When
        CliRun file = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString());
        CliRun line = CliRun.of("trace", "--config-dir", SITE_A, "--log-line", " ");

        // Then
        assertThat(file.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(file.out()).isEmpty();
        assertThat(file.err()).contains(log + " has no lines to attribute");
        assertThat(line.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(line.err()).contains("--log-line is empty: give a pve-firewall.log line").doesNotContain("Exception");
    }

    @Test
    void a_file_without_one_pve_firewall_line_is_the_wrong_file_not_every_line_attributed() throws IOException {
        // Given: the wrong file (auth.log instead of pve-firewall.log), and a line pasted without its start
        Path log = Files.writeString(dir.resolve("auth.log"),
                "Jun 20 13:09:13 pve sshd[1]: Accepted publickey for root\nJun 20 13:09:14 pve sshd[1]: session\n");

        // When
        CliRun file = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString());
        CliRun line = CliRun.of("trace", "--config-dir", SITE_A, "--log-line", POLICY_LINE.substring(30));
        CliRun mixed = CliRun.of("trace", "--config-dir", SITE_A, "--log-line", "hello", "--log-line", POLICY_LINE);

        // Then
        assertThat(file.exitCode()).isEqualTo(ExitCodes.NO_FIREWALL_LINES);
        assertThat(file.out()).contains("line 1: skipped", "line 2: skipped");
        assertThat(file.err()).contains("not one of the 2 lines read is a pve-firewall.log line; is it the right file?");
        assertThat(line.exitCode()).isEqualTo(ExitCodes.NO_FIREWALL_LINES);
        assertThat(line.err()).contains("droptrace: the --log-line given is not a pve-firewall.log line\n")
                .doesNotContain("not one of the 1 lines", "the right file");
        assertThat(mixed.out()).contains("line 1: skipped, not a pve-firewall log line: no vmid at the start\n");
        assertThat(mixed.exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void a_file_of_one_line_that_is_no_firewall_line_is_said_in_the_singular(@TempDir Path dir) throws Exception {
        // Given
        Path log = Files.writeString(dir.resolve("auth.log"), "Jun 20 13:09:13 pve sshd[1]: Accepted publickey for root\n");

        // When
        CliRun file = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString());
        CliRun lines = CliRun.of("trace", "--config-dir", SITE_A, "--log-line", "hello", "--log-line", "world");

        // Then
        assertThat(file.exitCode()).isEqualTo(ExitCodes.NO_FIREWALL_LINES);
        assertThat(file.err()).contains("droptrace: the one line read is not a pve-firewall.log line; is it the right file?");
        assertThat(lines.exitCode()).isEqualTo(ExitCodes.NO_FIREWALL_LINES);
        assertThat(lines.err()).contains("droptrace: not one of the 2 --log-line lines given is a pve-firewall.log line");
    }

    @Test
    void attributing_into_a_stdout_whose_reader_went_away_ends_quietly_with_the_code_of_sigpipe() throws IOException {
        // Given a log of lines no rule of site-a writes (exit 5 when read to its end), and a stdout nobody reads any
        // more ('droptrace trace --log-file pve-firewall.log | head -1')
        String unattributed = POLICY_LINE.replace("0 3 PVEFW-HOST-IN", "0 6 PVEFW-HOST-IN");
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), (unattributed + "\n").repeat(3));

        for (String output : new String[] {"text", "json"}) {
            // When
            String[] args = {"trace", "--config-dir", SITE_A, "--log-file", log.toString(), "--output", output};
            BrokenPipe.Run run = BrokenPipe.run(args);

            // Then: as parse, alerts or unparsed end; no word of it on stderr
            assertThat(run.exitCode()).as(output).isEqualTo(ExitCodes.STDOUT_CLOSED);
            assertThat(run.err()).as(output).doesNotContain("Broken pipe", "line 1", "attributed");
        }
    }

    @Test
    void a_mixed_log_ends_with_counts_that_add_up_to_the_lines_read_in_text_and_json() throws IOException {
        // Given: a logger start, two packet lines (one its level no rule logs at), a conntrack line, garbage, a blank
        String unattributed = POLICY_LINE.replace("0 3 PVEFW-HOST-IN", "0 6 PVEFW-HOST-IN");
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), "0 5 - 20/Jun/2022:13:00:00 +0200 starting pvefw logger\n"
                + POLICY_LINE + "\n" + unattributed + "\n"
                + "    [NEW] ipv4     2 tcp      6 120 SYN_SENT src=10.3.94.11 dst=10.3.94.12 sport=1 dport=2 [UNREPLIED] "
                + "src=10.3.94.12 dst=10.3.94.11 sport=2 dport=1\n"
                + "Jun 20 13:09:13 pve cron[1]: started\n\n");

        // When
        CliRun text = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString());
        CliRun json = CliRun.of("trace", "--config-dir", SITE_A, "--log-file", log.toString(), "--output", "json");

        // Then: 5 lines read = 2 packet lines + 2 status/conntrack lines + 1 other line, the blank one apart
        for (CliRun r : java.util.List.of(text, json)) {
            assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
            assertThat(r.err()).contains("droptrace: 5 lines read: 2 packet lines, 1 (1 POLICY) attributed, 1 (1 NO_WRITER) "
                    + "not; 2 logger status or conntrack lines; 1 line not of pve-firewall.log; 1 blank line skipped");
        }
        assertThat(json.out().lines()).allMatch(l -> l.startsWith("{\"line\":"));
        assertThat(text.out()).contains("line 1: skipped, not a packet line (a pvefw-logger status line)",
                "line 4: skipped, not a packet line (a conntrack line: the host option log_nf_conntrack)");
    }
}
