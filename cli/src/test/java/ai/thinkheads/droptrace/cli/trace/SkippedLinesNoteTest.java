package ai.thinkheads.droptrace.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line trace writes on stderr about what 'rules check' lists: lines skipped, and warnings that are no line. */
class SkippedLinesNoteTest {

    private static CliRun sshToGuest(Path dir) {
        return CliRun.of("trace", "--config-dir", dir.toString(), "--from", "outside", "--to", "ct400", "--dport", "22");
    }

    @Test
    void a_guest_file_without_guest_configuration_is_not_counted_as_a_skipped_line(@TempDir Path dir) throws IOException {
        // Given: pve-firewall's own flat layout, where no guest has a configuration; every line is read
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("400.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 22\n");

        // When
        CliRun run = sshToGuest(dir);

        // Then: 'rules check' has no line to show for it, only the missing guest configuration
        assertThat(run.err()).doesNotContain("line(s) of the configuration are skipped")
                .contains("droptrace: 1 warning on the directory (guest configurations missing, files not read); "
                        + "'droptrace rules check' lists it");
    }

    @Test
    void skipped_lines_and_directory_warnings_are_counted_apart(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\nbogus_option: 1\n");
        Files.writeString(dir.resolve("400.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 22:1\n");

        // When
        CliRun run = sshToGuest(dir);

        // Then
        assertThat(run.err()).contains("droptrace: 2 line(s) of the configuration are skipped or left out, as "
                + "pve-firewall does, and 1 warning on the directory (guest configurations missing, files not read); "
                + "'droptrace rules check' lists them");
    }
}
