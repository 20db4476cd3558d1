package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
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

    @Test
    void a_file_that_is_a_symbolic_link_is_written_where_it_leads_and_stays_a_link() throws IOException {
        // Given: 102.fw is a link into a directory kept elsewhere (a copy managed in git, /etc/pve/local)
        Path real = Files.writeString(Files.createDirectories(dir.resolve("kept")).resolve("102.fw"), "[OPTIONS]\nenable: 1\n");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("firewall")).resolve("102.fw"),
                Path.of("../kept/102.fw"));

        // When
        ConfigFiles.writeAtomically(link, "[OPTIONS]\nenable: 1\nlog_level_in: info\n");

        // Then: the link is still a link, and the file it leads to has the change
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("log_level_in: info");
        assertThat(dir.resolve("kept")).isDirectoryNotContaining("glob:**.tmp");
        assertThat(dir.resolve("firewall")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void a_symbolic_link_that_leads_nowhere_is_a_one_line_error_and_stays_as_it_is() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("102.fw"), Path.of("gone/102.fw"));

        assertThatThrownBy(() -> ConfigFiles.writeAtomically(link, "[OPTIONS]\n"))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("symbolic link that leads nowhere").hasMessageContaining("no file was changed");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void a_rewritten_file_keeps_its_owner_rather_than_taking_the_writers() throws IOException {
        // Given: a file owned by another user (only root can give one away, so only then can this be seen)
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = Files.writeString(dir.resolve("101.fw"), "[OPTIONS]\nenable: 1\n");
        UserPrincipal nobody;
        try {
            nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(file, nobody);
        } catch (IOException e) {
            Assumptions.abort("cannot give a file to nobody here: " + e);
            return;
        }

        // When
        ConfigFiles.writeAtomically(file, "[OPTIONS]\nenable: 1\nlog_level_in: info\n");

        // Then
        assertThat(Files.readString(file)).contains("log_level_in: info");
        assertThat(Files.getOwner(file)).isEqualTo(nobody);
    }

    @Test
    void when_one_new_text_cannot_be_written_no_file_is_changed_and_no_temporary_file_is_left() throws IOException {
        // Given: two files to change; the second's cannot be written (where its directory should be is a file)
        Path a = Files.writeString(dir.resolve("101.fw"), "[OPTIONS]\nenable: 1\n");
        Path b = Files.writeString(dir.resolve("not-a-directory"), "in the way").resolve("102.fw");
        Map<Path, String> texts = new LinkedHashMap<>();
        texts.put(a, "[OPTIONS]\nenable: 1\nlog_level_in: info\n");
        texts.put(b, "[OPTIONS]\nenable: 1\nlog_level_in: info\n");

        // When / Then: a one-line error that says nothing changed, and indeed nothing did
        assertThatThrownBy(() -> ConfigFiles.writeAll(texts))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("cannot write " + b).hasMessageEndingWith("; no file was changed");
        assertThat(Files.readString(a)).isEqualTo("[OPTIONS]\nenable: 1\n");
        assertThat(dir).isDirectoryNotContaining("glob:**.droptrace.tmp");
    }

    @Test
    void a_link_or_a_file_left_at_a_temporary_name_is_neither_followed_nor_replaced() throws IOException {
        // Given: at the name an earlier version wrote through, a link to a file that is not the firewall's, and a
        // temporary file a killed run left
        Path file = Files.writeString(dir.resolve("101.fw"), "[OPTIONS]\nenable: 1\n");
        Path elsewhere = Files.writeString(dir.resolve("shadow"), "not a firewall file\n");
        Files.createSymbolicLink(dir.resolve("101.fw.droptrace.tmp"), elsewhere);
        Path left = Files.writeString(dir.resolve("101.fw.4242.abc.droptrace.tmp"), "left by a killed run\n");

        // When
        ConfigFiles.writeAtomically(file, "[OPTIONS]\nenable: 1\nlog_level_in: info\n");

        // Then: the file is written; the link, what it leads to and the left file are as they were
        assertThat(Files.readString(file)).contains("log_level_in: info");
        assertThat(Files.readString(elsewhere)).isEqualTo("not a firewall file\n");
        assertThat(Files.isSymbolicLink(dir.resolve("101.fw.droptrace.tmp"))).isTrue();
        assertThat(Files.readString(left)).isEqualTo("left by a killed run\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("101.fw", "shadow", "101.fw.droptrace.tmp", "101.fw.4242.abc.droptrace.tmp");
        }
    }

    @Test
    void when_a_move_fails_after_another_the_error_names_the_files_written_and_those_left() throws IOException {
        // Given: the second file cannot be replaced (it is a directory with something in it)
        Path a = Files.writeString(dir.resolve("101.fw"), "[OPTIONS]\nenable: 1\n");
        Path b = Files.createDirectories(dir.resolve("102.fw"));
        Files.writeString(b.resolve("x"), "in the way");
        Map<Path, String> texts = new LinkedHashMap<>();
        texts.put(a, "[OPTIONS]\nenable: 1\nlog_level_in: info\n");
        texts.put(b, "[OPTIONS]\nenable: 1\nlog_level_in: info\n");

        // When / Then
        assertThatThrownBy(() -> ConfigFiles.writeAll(texts))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("cannot write " + b)
                .hasMessageEndingWith("; written before it: " + a + "; left as they were: " + b);
        assertThat(Files.readString(a)).contains("log_level_in: info");
        assertThat(dir).isDirectoryNotContaining("glob:**.droptrace.tmp");
    }
}
