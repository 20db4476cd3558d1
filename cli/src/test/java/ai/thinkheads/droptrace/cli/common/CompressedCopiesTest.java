package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rotated file given both plain and gzip-compressed ({@code gunzip -k}, a compression cut short) is read once. */
class CompressedCopiesTest {

    private static final String LINES = "0 5 - 14/Mar/2025:09:00:01 +0100 starting pvefw logger\n"
            + "0 3 - 14/Mar/2025:09:23:00 +0100 skipped 312 log entries (queue full)\n";

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Path gzip(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    @Test
    void a_gz_holding_the_same_lines_as_the_plain_file_beside_it_is_left_out_with_a_warning() throws Exception {
        // Given: pve-firewall.log.2 unpacked with gunzip -k, then the set replayed by its glob
        Path gz = gzip("pve-firewall.log.2.gz", LINES.getBytes(StandardCharsets.UTF_8));
        Path plain = Files.writeString(dir.resolve("pve-firewall.log.2"), LINES);
        Path live = Files.writeString(dir.resolve("pve-firewall.log"), LINES.substring(0, 10));

        // When
        List<Path> kept = CompressedCopies.leftOut(List.of(plain, gz, live), warnings::add);

        // Then
        assertThat(kept).containsExactly(plain, live);
        assertThat(warnings).containsExactly(gz + " holds the lines of " + plain + " (gunzip -k, or a compression "
                + "logrotate did not finish): read " + plain + " only");
    }

    @Test
    void a_gz_of_0_bytes_is_left_out_with_a_warning_and_an_empty_plain_file_is_read_as_ever() throws Exception {
        // Given: a compression that failed at its start left pve-firewall.log.3.gz empty
        Path empty = Files.write(dir.resolve("pve-firewall.log.3.gz"), new byte[0]);
        Path emptyPlain = Files.write(dir.resolve("pve-firewall.log.1"), new byte[0]);
        Path live = Files.writeString(dir.resolve("pve-firewall.log"), LINES);

        // When
        List<Path> kept = CompressedCopies.leftOut(List.of(empty, emptyPlain, live), warnings::add);

        // Then: said, where it was read as an empty file without a word
        assertThat(kept).containsExactly(emptyPlain, live);
        assertThat(warnings).containsExactly(empty + " is empty (0 bytes, not even a gzip header: a compression that "
                + "did not finish?): nothing to read in it");
    }

    @Test
    void a_gz_cut_short_while_it_compressed_the_plain_file_is_left_out_too() throws Exception {
        // Given: logrotate stopped while it compressed .2 into .2.gz (no trailer yet)
        Path whole = gzip("whole.gz", LINES.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = Files.readAllBytes(whole);
        Path gz = Files.write(dir.resolve("pve-firewall.log.2.gz"), Arrays.copyOf(bytes, bytes.length - 8));
        Path plain = Files.writeString(dir.resolve("pve-firewall.log.2"), LINES);

        // When
        List<Path> kept = CompressedCopies.leftOut(List.of(plain, gz), warnings::add);

        // Then
        assertThat(kept).containsExactly(plain);
        assertThat(warnings).hasSize(1);
    }

    @Test
    void a_gz_with_other_lines_than_the_plain_file_of_its_name_is_read_as_well() throws Exception {
        // Given
        Path gz = gzip("pve-firewall.log.2.gz", (LINES + LINES).getBytes(StandardCharsets.UTF_8));
        Path plain = Files.writeString(dir.resolve("pve-firewall.log.2"), LINES);
        Path other = gzip("other.log.gz", LINES.getBytes(StandardCharsets.UTF_8));

        // When
        List<Path> kept = CompressedCopies.leftOut(List.of(plain, gz, other), warnings::add);

        // Then
        assertThat(kept).containsExactly(plain, gz, other);
        assertThat(warnings).isEmpty();
    }
}
