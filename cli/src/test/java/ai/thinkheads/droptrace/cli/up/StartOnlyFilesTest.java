package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartOnlyFilesTest {

    @Test
    void a_file_edited_while_up_runs_is_said_once_as_not_applied_and_again_when_it_is_back_as_read(@TempDir Path dir)
            throws Exception {
        // Given the configuration and the probe configuration as up read them
        Path up = dir.resolve("up.yaml");
        Path probes = dir.resolve("probes.yaml");
        Files.writeString(up, "statsEvery: 5m\n");
        Files.writeString(probes, "probes: []\n");
        StartOnlyFiles files = new StartOnlyFiles(List.of(up, probes));
        assertThat(files.changes()).isEmpty();
        // When the configuration is edited
        Files.writeString(up, "statsEvery: 1m\n");
        // Then it is said once, naming the file, and that a restart applies it
        assertThat(files.changes()).containsExactly("warning: " + up + " changed since up started; up reads it only "
                + "when it starts, so the change is not applied: restart up to apply it");
        assertThat(files.changes()).isEmpty();
        // When it is edited again, then put back as it was
        Files.writeString(up, "statsEvery: 2m\n");
        assertThat(files.changes()).singleElement().asString().startsWith("warning: " + up + " changed since up started");
        Files.writeString(up, "statsEvery: 5m\n");
        // Then
        assertThat(files.changes()).containsExactly(up + " is again as up read it at its start");
        assertThat(files.changes()).isEmpty();
    }

    @Test
    void a_file_removed_while_up_runs_is_said_so_and_a_file_rewritten_alike_is_no_change(@TempDir Path dir)
            throws Exception {
        // Given
        Path up = dir.resolve("up.yaml");
        Path probes = dir.resolve("probes.yaml");
        Files.writeString(up, "statsEvery: 5m\n");
        Files.writeString(probes, "probes: []\n");
        StartOnlyFiles files = new StartOnlyFiles(List.of(up, probes));
        // When the probe configuration is removed and the configuration written again with the same content
        Files.delete(probes);
        Files.delete(up);
        Files.writeString(up, "statsEvery: 5m\n");
        // Then
        assertThat(files.changes()).containsExactly("warning: " + probes + " was removed since up started; up reads it "
                + "only when it starts, so the change is not applied: restart up to apply it");
    }
}
