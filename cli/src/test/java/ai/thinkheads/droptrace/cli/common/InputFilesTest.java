package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.ingest.pipeline.ReadFailure;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @Test
    void a_file_that_fails_part_way_is_told_in_one_line_with_how_far_it_got() {
        assertThat(InputFiles.failedWhileReading(new ReadFailure("fw.log.2.gz", 6144,
                new EOFException("Unexpected end of ZLIB input stream"))))
                .hasMessage("cannot read fw.log.2.gz: the gzip data ends early (a truncated file, or one still being "
                        + "compressed) after line 6144; the lines before it were processed")
                .satisfies(e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILURE));
        assertThat(InputFiles.failedWhileReading(new ReadFailure("fw.log.3.gz", 0, new ZipException("invalid block type"))))
                .hasMessage("cannot read fw.log.3.gz: the gzip data is corrupt (invalid block type) at its start");
        assertThat(InputFiles.failedWhileReading(new ReadFailure("/mnt/nfs/fw.log", 12, new IOException("Stale file handle"))))
                .hasMessage("cannot read /mnt/nfs/fw.log: Stale file handle after line 12; the lines before it were processed");
    }

    @Test
    void a_file_named_twice_or_by_another_path_or_link_is_kept_once_with_a_warning(
            @TempDir Path dir) throws Exception {
        // Given
        Path a = Files.writeString(dir.resolve("a.log"), "x\n");
        Path b = Files.writeString(dir.resolve("b.log"), "y\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.log"), a);
        Path hard = Files.createLink(dir.resolve("hard.log"), b);
        List<String> warnings = new ArrayList<>();
        // When
        List<Path> kept = InputFiles.distinct(
                List.of(a, b, a, dir.resolve("sub/../a.log"), link, hard), warnings::add);
        // Then
        assertThat(kept).containsExactly(a, b);
        assertThat(warnings).containsExactly(a + " is given twice: read once",
                dir.resolve("sub/../a.log") + " is the same file as " + a + ": read once",
                link + " is the same file as " + a + ": read once",
                hard + " is the same file as " + b + ": read once");
    }
    @Test
    void a_symbolic_link_that_leads_nowhere_is_said_to_be_one_not_called_no_such_file(@TempDir Path dir)
            throws Exception {
        // Given a link to a file that is gone, and two links to each other
        Path dangling = Files.createSymbolicLink(dir.resolve("fw.log"), dir.resolve("rotated-away.log"));
        Path loop = Files.createSymbolicLink(dir.resolve("a.log"), dir.resolve("b.log"));
        Files.createSymbolicLink(dir.resolve("b.log"), loop);

        // When / Then
        assertThat(InputFiles.problem(dangling)).isEqualTo("a symbolic link that leads nowhere (a loop, or a target that "
                + "is missing)");
        assertThat(InputFiles.problem(loop)).isEqualTo(InputFiles.problem(dangling));
        assertThat(InputFiles.problem(dir.resolve("none.log"))).isEqualTo("no such file");
    }
}
