package ai.thinkheads.droptrace.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A firewall configuration doctor's verdicts cannot rest on gets a note; a sound one none. */
class FirewallNoteTest {

    @TempDir
    Path dir;

    private static Optional<String> note(Path configDir) {
        return FirewallNote.of(RuleTracer.compile(ConfigDirectoryReader.read(configDir, ReadOptions.defaults())),
                configDir.toString());
    }

    @Test
    void a_directory_without_cluster_fw_says_so_and_asks_for_the_configuration_directory() {
        // Given a directory that is not /etc/pve: nothing in it

        // When
        Optional<String> note = note(dir);

        // Then
        assertThat(note).hasValueSatisfying(n -> assertThat(n).contains(dir.toString(), "cluster.fw not found",
                "no verdict can name a rule", "--config-dir"));
    }

    @Test
    void a_firewall_that_is_off_says_why() throws IOException {
        // Given
        Files.createDirectories(dir.resolve("firewall"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\n\n");

        // When
        Optional<String> note = note(dir);

        // Then
        assertThat(note).hasValueSatisfying(n -> assertThat(n).contains("enable: 1", "builds no rules"));
    }

    @Test
    void lines_pve_firewall_skips_are_counted_and_a_sound_configuration_needs_no_note() throws IOException {
        // Given the Phoenix example (one rule pve-firewall cannot parse) and a configuration with nothing to skip
        Files.createDirectories(dir.resolve("firewall"));
        Files.writeString(dir.resolve("firewall/cluster.fw"), "[OPTIONS]\n\nenable: 1\n");

        // When
        Optional<String> phoenix = note(DoctorCommandTest.PHOENIX);
        Optional<String> sound = note(dir);

        // Then
        assertThat(phoenix).hasValueSatisfying(n -> assertThat(n).contains("1 line(s)", "droptrace rules check"));
        assertThat(sound).isEmpty();
    }
}
