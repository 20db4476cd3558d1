package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
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
        ProgressLine progress = ProgressLine.of(new PrintWriter(new StringWriter()), 2,
                ProgressLine.totalBytes(List.of(first, second)));
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
        assertThat(ProgressLine.totalBytes(List.of(gz))).isEqualTo(text.length);
    }

    @Test
    void without_a_size_to_go_by_only_lines_are_shown(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("a.log"), new byte[10]);
        assertThat(ProgressLine.totalBytes(List.of(file, dir))).as("a directory, as a pipe, has no size").isZero();
        assertThat(ProgressLine.totalBytes(List.of(file))).isEqualTo(10);
        ProgressLine stdin = ProgressLine.of(new PrintWriter(new StringWriter()), 1, 0);
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
        ProgressLine progress = ProgressLine.of(new PrintWriter(new StringWriter()), 2, 0);
        // When the pipe is read
        progress.file(2, pipe);
        // Then it is said as the path given, not as "file 2/2 63: 10 lines"
        assertThat(progress.text(10, 1.0)).isEqualTo("file 2/2 " + pipe + ": 10 lines, 10 lines/s");
    }

    @Test
    void a_file_name_with_control_characters_does_not_reach_the_terminal_as_they_are(@TempDir Path dir)
            throws Exception {
        Path file = Files.write(dir.resolve("fw\u001b[2J.log"), new byte[10]);
        ProgressLine progress = ProgressLine.of(new PrintWriter(new StringWriter()), 1, 0);
        progress.file(1, file);
        assertThat(progress.text(10, 1.0)).isEqualTo("file 1/1 fw\\x1b[2J.log: 10 lines, 10 lines/s");
    }
}
