package ai.thinkheads.droptrace.cli.parse;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stdin and pipes are told apart by their first bytes, as files are: a compression droptrace does not read is said. */
class ParseStdinFormatTest {

    private static final String DROP = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 "
            + "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 PROTO=UDP SPT=1 DPT=23 LEN=24\n";

    @TempDir
    Path dir;

    @Test
    void xz_bzip2_zstd_zip_or_utf16_on_stdin_is_one_line_saying_what_to_put_in_the_pipe() {
        // Given the first bytes of xz, bzip2, zstd and zip, and UTF-16 text with and without a byte order mark
        byte[][] heads = {{(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2}, {'B', 'Z', 'h', '9', 1, 2, 3}, {0x28, (byte) 0xb5,
            0x2f, (byte) 0xfd, 1, 2}, {'P', 'K', 3, 4, 1, 2}, ("\uFEFF" + DROP).getBytes(StandardCharsets.UTF_16LE),
            DROP.getBytes(StandardCharsets.UTF_16LE)};
        String[] said = {"it is xz-compressed; droptrace reads UTF-8 text and gzip: put 'xz -dc' in front",
            "it is bzip2-compressed; droptrace reads UTF-8 text and gzip: put 'bzip2 -dc' in front",
            "it is zstd-compressed; droptrace reads UTF-8 text and gzip: put 'zstd -dc' in front",
            "it is a zip archive; droptrace reads UTF-8 text and gzip: put 'unzip -p' in front",
            "it is UTF-16 text; droptrace reads UTF-8 text and gzip: put 'iconv -f UTF-16 -t UTF-8' in front",
            "it is UTF-16 text (little-endian, no byte order mark); droptrace reads UTF-8 text and gzip: "
                + "put 'iconv -f UTF-16LE -t UTF-8' in front"};
        for (int k = 0; k < heads.length; k++) {
            // When
            CliRun run = CliRun.withStdin(heads[k], "parse", "-");
            // Then: one line, not a dead letter per chunk of binary data that speaks of journalctl
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().strip()).isEqualTo("droptrace: cannot read stdin: " + said[k]
                    + " of droptrace in the pipe");
        }
    }

    @Test
    void a_pipe_of_xz_data_is_said_too_and_plain_text_and_gzip_on_stdin_are_still_read() throws Exception {
        // Given: a named pipe holding xz data (what <(cat fw.log.2.xz) gives)
        Path fifo = dir.resolve("fifo");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
                "mkfifo is not available here");
        Thread writer = new Thread(() -> {
            try {
                Files.write(fifo, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2, 3});
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.setDaemon(true);
        writer.start();
        // When
        CliRun piped = CliRun.of("parse", fifo.toString());
        writer.join(10_000);
        CliRun plain = CliRun.withStdin(DROP.getBytes(StandardCharsets.UTF_8), "parse");
        CliRun tiny = CliRun.withStdin("x".getBytes(StandardCharsets.UTF_8), "parse");
        // Then
        assertThat(piped.exitCode()).as(piped.err()).isEqualTo(2);
        assertThat(piped.err().strip()).isEqualTo("droptrace: cannot read " + fifo
                + ": it is xz-compressed; droptrace reads UTF-8 text and gzip: put 'xz -dc' in front of droptrace in the pipe");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out().lines()).hasSize(1);
        assertThat(tiny.err()).contains("parsed 0 of 1 line");
    }
}
