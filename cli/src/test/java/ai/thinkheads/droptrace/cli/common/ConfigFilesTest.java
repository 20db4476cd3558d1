package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewriting a user's configuration file ({@code rules enable-logging --write}). */
class ConfigFilesTest {

    @TempDir
    Path dir;

    @Test
    void a_rewritten_file_keeps_its_permissions_rather_than_taking_the_umasks() throws IOException {
        // Given: a firewall file only its owner may read (a copy of /etc/pve kept private)
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = Files.writeString(dir.resolve("102.fw"), "[OPTIONS]\nenable: 1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        // When
        ConfigFiles.writeAtomically(file, "[OPTIONS]\nenable: 1\nlog_level_in: info\n");

        // Then: not world-readable afterwards
        assertThat(Files.readString(file)).contains("log_level_in: info");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
