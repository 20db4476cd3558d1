package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.ingest.replay.ClosableInput;
import ai.thinkheads.droptrace.ingest.replay.TextSize;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressLineTest {

    @Test
    void the_share_done_and_the_time_left_follow_the_bytes_read_of_every_file(@TempDir Path dir) throws Exception {
        // Given two files of 300 and 100 bytes
        Path first = Files.write(dir.resolve("pve-firewall.log.1"), new byte[300]);
        Path second = Files.write(dir.resolve("pve-firewall.log"), new byte[100]);
        ProgressLine progress = ProgressLine.of(new PrintWriter(new StringWriter()), 2, List.of(first, second));
        // When the first file is read whole and 20 s have passed
        progress.file(1, first);
        try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[300]))) {
            in.readAllBytes();
        }
        // Then three quarters are done, and a third of 20 s is left
        assertThat(progress.text(3_000, 20.0)).isEqualTo("file 1/2 pve-firewall.log.1: 3,000 lines, 150 lines/s, 75 %, 0:07 left");
        // and the second file starts from there
        progress.file(2, second);
        try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[100]))) {
            assertThat(in.read()).isZero();
            assertThat(in.read(new byte[49], 0, 49)).isEqualTo(49);
        }
        assertThat(progress.text(3_500, 30.0)).endsWith(", 87 %, 0:04 left");
    }

    @Test
    void a_gzip_file_counts_with_the_uncompressed_size_its_trailer_gives(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("pve-firewall.log.2.gz");
        byte[] text = "100 6 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: ...\n".repeat(1_000).getBytes();
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text);
        }
        assertThat(Files.size(gz)).isLessThan(text.length / 10);
        assertThat(ProgressLine.textSizes(List.of(gz))).containsExactly(TextSize.exactly(text.length));
    }

    @Test
    void a_gzip_file_of_more_than_4_gib_of_text_is_not_done_when_its_trailer_size_modulo_4_gib_is_read(@TempDir Path dir)
            throws Exception {
        // Given: 4.4 GB of log that gzip -1 made 44,345,960 bytes of; its trailer says 105,032,704 (4.4 GB - 4 GiB)
        Path gz = dir.resolve("pve-firewall.log.2.gz");
        try (RandomAccessFile file = new RandomAccessFile(gz.toFile(), "rw")) {
            file.write(new byte[] {0x1f, (byte) 0x8b, 8, 0});
            file.setLength(44_345_960); // sparse: only the header and the trailer are read
            file.seek(44_345_960 - 4);
            file.write(new byte[] {0x00, (byte) 0xac, 0x42, 0x06}); // 105,032,704, little-endian
        }
        ProgressLine progress = ProgressLine.of(new PrintWriter(new StringWriter()), 1, List.of(gz));
        progress.file(1, gz);
        InputStream text = progress.counting(new InputStream() { // the text, as long as it is asked for
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public long skip(long n) {
                return n;
            }
        });
        try (ClosableInput raw = new ClosableInput(new FileInputStream(gz.toFile()))) {
            progress.reading(raw);
            // When 1 % of its compressed bytes gave 44 MB of text, then 5 % gave 220 MB
            raw.skipNBytes(443_460);
            text.skipNBytes(44_000_000);
            String early = progress.text(150_000, 10.0);
            raw.skipNBytes(4 * 443_460);
            text.skipNBytes(176_000_000);
            String later = progress.text(750_000, 50.0);
            // Then: 1 % and 5 % done, not 41 % and then 100 % with no time left
            assertThat(early).endsWith(", 1 %, 16:30 left");
            assertThat(later).endsWith(", 5 %, 15:50 left");
        }
    }

    @Test
    void without_a_size_to_go_by_only_lines_are_shown(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("a.log"), new byte[10]);
        assertThat(ProgressLine.textSizes(List.of(file, dir))).as("a directory, as a pipe, has no size").isEmpty();
        assertThat(ProgressLine.textSizes(List.of(file))).containsExactly(TextSize.exactly(10));
        ProgressLine stdin = ProgressLine.of(new PrintWriter(new StringWriter()), 1, List.of());
        stdin.file(1, Path.of("-"));
        try (InputStream in = stdin.counting(new ByteArrayInputStream(new byte[10]))) {
            in.readAllBytes();
        }
        assertThat(stdin.text(10, 1.0)).isEqualTo("stdin: 10 lines, 10 lines/s");
    }

    @Test
    void a_pipe_is_named_by_its_path_not_by_a_number_that_reads_as_a_count(@TempDir Path dir) throws Exception {
        // Given a replay of a file and a pipe (droptrace replay a.log <(zcat b.log.gz) reads /dev/fd/63)
        Path pipe = dir.resolve("63");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0,
                "mkfifo is not available here");
        ProgressLine progress = ProgressLine.of(new PrintWriter(new StringWriter()), 2, List.of());
        // When the pipe is read
        progress.file(2, pipe);
        // Then it is said as the path given, not as "file 2/2 63: 10 lines"
        assertThat(progress.text(10, 1.0)).isEqualTo("file 2/2 " + pipe + ": 10 lines, 10 lines/s");
    }

    @Test
    void a_file_name_with_control_characters_does_not_reach_the_terminal_as_they_are(@TempDir Path dir)
            throws Exception {
        Path file = Files.write(dir.resolve("fw\u001b[2J.log"), new byte[10]);
        ProgressLine progress = ProgressLine.of(new PrintWriter(new StringWriter()), 1, List.of());
        progress.file(1, file);
        assertThat(progress.text(10, 1.0)).isEqualTo("file 1/1 fw\\x1b[2J.log: 10 lines, 10 lines/s");
    }

    @Test
    void told_of_every_line_it_is_drawn_at_once_then_at_most_every_redraw_interval(@TempDir Path dir) throws Exception {
        // Given a progress line on a terminal, on a clock of its own
        Path file = Files.write(dir.resolve("pve-firewall.log"), new byte[100]);
        long[] now = {5_000_000_000L};
        StringWriter terminal = new StringWriter();
        ProgressLine progress = ProgressLine.drawnOn(new PrintWriter(terminal), 1, List.of(file), false, () -> now[0]);
        progress.file(1, file);
        // When it is told of lines 1 to 3 within the interval, then of line 4 once the interval has passed
        progress.update(1);
        now[0] += ProgressLine.REDRAW_MILLIS * 1_000_000 / 2;
        progress.update(2);
        progress.update(3);
        now[0] += ProgressLine.REDRAW_MILLIS * 1_000_000 / 2;
        progress.update(4);
        // Then it is drawn for the first line at once (a paced replay's next may be a minute away), and again for the fourth
        assertThat(terminal.toString()).isEqualTo("\r\033[Kfile 1/1 pve-firewall.log: 1 lines, 1,000 lines/s"
                + "\r\033[Kfile 1/1 pve-firewall.log: 4 lines, 20 lines/s");
    }

    @Test
    void a_paced_replay_shows_no_share_done_as_reading_runs_ahead_of_what_was_sent(@TempDir Path dir) throws Exception {
        // Given a paced replay of a small file, read whole into its first block
        Path file = Files.write(dir.resolve("pve-firewall.log"), new byte[100]);
        long[] now = {0};
        StringWriter terminal = new StringWriter();
        ProgressLine progress = ProgressLine.drawnOn(new PrintWriter(terminal), 1, List.of(file), true, () -> now[0]);
        progress.file(1, file);
        try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[100]))) {
            in.readAllBytes();
        }
        // When its first line is sent a second in
        now[0] += 1_000_000_000L;
        progress.update(1);
        // Then it says the lines sent, not 100 % and 0:00 left
        assertThat(terminal.toString()).isEqualTo("\r\033[Kfile 1/1 pve-firewall.log: 1 lines, 1 lines/s");
    }
}
