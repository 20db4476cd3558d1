package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpSettingsTest {

    @Test
    void a_tail_file_named_twice_or_through_a_link_is_followed_once_with_a_warning(@TempDir Path dir) throws Exception {
        // Given a file, a link to it, and a file not there yet named twice
        Files.writeString(dir.resolve("fw.log"), "x\n");
        Files.createSymbolicLink(dir.resolve("link.log"), dir.resolve("fw.log"));
        List<String> warnings = new ArrayList<>();
        // When
        List<Path> files = UpSettings.tailFiles(List.of("fw.log", "link.log", dir + "/fw.log", "later.log", "./later.log"),
                dir, warnings::add);
        // Then
        assertThat(files).containsExactly(dir.resolve("fw.log"), dir.resolve("later.log"));
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).isEqualTo(dir.resolve("link.log") + " is the same file as " + dir.resolve("fw.log")
                + ": read once");
    }
}
