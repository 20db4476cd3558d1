package ai.thinkheads.droptrace.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayOrderTest {

    @TempDir
    Path dir;

    @Test
    void a_numbered_rotated_set_is_put_oldest_first_and_the_live_file_last() {
        // Given
        List<Path> files = List.of(Path.of("/l/pve-firewall.log"), Path.of("/l/pve-firewall.log.1"),
                Path.of("/l/pve-firewall.log.10.gz"), Path.of("/l/pve-firewall.log.2.gz"));
        // When
        List<Path> ordered = ReplayOrder.order(files);
        // Then
        assertThat(ordered).extracting(p -> p.getFileName().toString()).containsExactly("pve-firewall.log.10.gz",
                "pve-firewall.log.2.gz", "pve-firewall.log.1", "pve-firewall.log");
    }

    @Test
    void dateext_files_are_ordered_by_date() {
        // When
        List<Path> ordered = ReplayOrder.order(List.of(Path.of("/l/fw.log"), Path.of("/l/fw.log-20250316.gz"),
                Path.of("/l/fw.log-20250314.gz")));
        // Then
        assertThat(ordered).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log-20250314.gz", "fw.log-20250316.gz", "fw.log");
    }

    @Test
    void a_numbered_file_left_from_before_dateext_was_turned_on_is_older_than_the_dated_ones() {
        // Given: logrotate numbered its files, then dateext was turned on (it writes no numbered file since)
        List<Path> ordered = ReplayOrder.order(List.of(Path.of("/l/fw.log"), Path.of("/l/fw.log-20250316.gz"),
                Path.of("/l/fw.log.1"), Path.of("/l/fw.log-20250314.gz"), Path.of("/l/fw.log.2.gz")));
        // Then
        assertThat(ordered).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log.2.gz", "fw.log.1", "fw.log-20250314.gz", "fw.log-20250316.gz", "fw.log");
    }

    @Test
    void dateext_files_with_a_dashed_hourly_or_epoch_dateformat_are_ordered_by_date_too() {
        // When: logrotate's dateformat -%Y-%m-%d, -%Y-%m-%d-%H, -%Y%m%d-%s
        List<Path> dashed = ReplayOrder.order(List.of(Path.of("/l/fw.log"), Path.of("/l/fw.log-2025-03-13"),
                Path.of("/l/fw.log-2025-03-12.gz")));
        List<Path> hourly = ReplayOrder.order(List.of(Path.of("/l/fw.log-2025-03-13-10"), Path.of("/l/fw.log"),
                Path.of("/l/fw.log-2025-03-13-09.gz")));
        List<Path> epoch = ReplayOrder.order(List.of(Path.of("/l/fw.log"), Path.of("/l/fw.log-20250314-1710400000"),
                Path.of("/l/fw.log-20250313-1710313600.gz")));
        // Then
        assertThat(dashed).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log-2025-03-12.gz", "fw.log-2025-03-13", "fw.log");
        assertThat(hourly).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log-2025-03-13-09.gz", "fw.log-2025-03-13-10", "fw.log");
        assertThat(epoch).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log-20250313-1710313600.gz", "fw.log-20250314-1710400000", "fw.log");
    }

    @Test
    void dateext_files_with_a_dotted_dateformat_are_ordered_by_date_not_as_rotation_numbers() {
        // When: logrotate's dateformat .%Y%m%d, .%Y%m%d%H and .%Y-%m-%d
        List<Path> dotted = ReplayOrder.order(List.of(Path.of("/l/fw.log"), Path.of("/l/fw.log.20250316.gz"),
                Path.of("/l/fw.log.20250314.gz"), Path.of("/l/fw.log.20250315")));
        List<Path> hourly = ReplayOrder.order(List.of(Path.of("/l/fw.log.2025031410"), Path.of("/l/fw.log"),
                Path.of("/l/fw.log.2025031409.gz")));
        List<Path> dashed = ReplayOrder.order(List.of(Path.of("/l/fw.log.2025-03-13"), Path.of("/l/fw.log"),
                Path.of("/l/fw.log.2025-03-12.gz")));
        // Then
        assertThat(dotted).extracting(p -> p.getFileName().toString()).containsExactly("fw.log.20250314.gz",
                "fw.log.20250315", "fw.log.20250316.gz", "fw.log");
        assertThat(hourly).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log.2025031409.gz", "fw.log.2025031410", "fw.log");
        assertThat(dashed).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log.2025-03-12.gz", "fw.log.2025-03-13", "fw.log");
    }

    @Test
    void a_dotted_number_that_is_no_date_stays_a_rotation_number() {
        // When: 99999999 has no month 99; 20251399 no month 13
        List<Path> ordered = ReplayOrder.order(List.of(Path.of("/l/fw.log"), Path.of("/l/fw.log.1"),
                Path.of("/l/fw.log.20251399"), Path.of("/l/fw.log.2")));
        // Then
        assertThat(ordered).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log.20251399", "fw.log.2", "fw.log.1", "fw.log");
    }

    @Test
    void pipes_and_different_sets_keep_the_order_they_were_given_in() {
        // Given: bash names process substitutions /dev/fd/63, /dev/fd/62, ... in the order of the command line
        List<Path> pipes = List.of(Path.of("/dev/fd/63"), Path.of("/dev/fd/62"), Path.of("/dev/fd/61"));
        List<Path> sets = List.of(Path.of("/l/b.log"), Path.of("/l/a.log.1"), Path.of("/l/b.log.1"), Path.of("/l/a.log"));
        // When
        List<Path> keptPipes = ReplayOrder.order(pipes);
        List<Path> keptSets = ReplayOrder.order(sets);
        // Then
        assertThat(keptPipes).isEqualTo(pipes);
        assertThat(keptSets).extracting(Path::toString).containsExactly("/l/b.log.1", "/l/b.log", "/l/a.log.1", "/l/a.log");
    }

    @Test
    void with_start_0_the_rotated_file_0_is_the_youngest_before_the_live_file() {
        // When: logrotate's 'start 0' with delaycompress
        List<Path> ordered = ReplayOrder.order(List.of(Path.of("/l/fw.log"), Path.of("/l/fw.log.0"),
                Path.of("/l/fw.log.2.gz"), Path.of("/l/fw.log.1.gz")));
        // Then
        assertThat(ordered).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log.2.gz", "fw.log.1.gz", "fw.log.0", "fw.log");
    }

    @Test
    void an_extension_kept_last_is_one_set_with_the_live_file_numbered_or_dated() {
        // When: logrotate's 'extension .log' puts the number or the date before it, and .gz after it
        List<Path> numbered = ReplayOrder.order(List.of(Path.of("/l/pve-firewall.log"),
                Path.of("/l/pve-firewall.1.log"), Path.of("/l/pve-firewall.3.log.gz"), Path.of("/l/pve-firewall.2.log.gz")));
        List<Path> dated = ReplayOrder.order(List.of(Path.of("/l/fw.log"), Path.of("/l/fw-20261127.log.gz"),
                Path.of("/l/fw-20261126.log.gz"), Path.of("/l/fw-20261128-1795768724.log")));
        // Then
        assertThat(numbered).extracting(p -> p.getFileName().toString()).containsExactly("pve-firewall.3.log.gz",
                "pve-firewall.2.log.gz", "pve-firewall.1.log", "pve-firewall.log");
        assertThat(dated).extracting(p -> p.getFileName().toString()).containsExactly("fw-20261126.log.gz",
                "fw-20261127.log.gz", "fw-20261128-1795768724.log", "fw.log");
    }

    @Test
    void logs_named_by_an_address_are_sets_of_their_own() {
        // Given: one log per sender, as rsyslog writes them, and a rotated one
        List<Path> files = List.of(Path.of("/l/10.0.0.6.log"), Path.of("/l/10.0.0.5.log"), Path.of("/l/10.0.0.5.log.1"));
        // When
        List<Path> ordered = ReplayOrder.order(files);
        // Then: 10.0.0.6.log is not the sixth rotation of 10.0.0.log
        assertThat(ordered).extracting(Path::toString).containsExactly("/l/10.0.0.6.log", "/l/10.0.0.5.log.1",
                "/l/10.0.0.5.log");
    }

    @Test
    void the_rotated_files_of_a_log_are_found_with_start_0_and_with_an_extension() throws Exception {
        // Given the files three rotations left with 'start 0', and with 'extension .log', and other logs beside them
        for (String name : List.of("fw.log", "fw.log.0", "fw.log.1.gz", "fw.log.2.gz", "pve-firewall.log",
                "pve-firewall.1.log", "pve-firewall.2.log.gz", "pve-firewall-20261127.log.gz", "pve-firewall.log.x",
                "other.1.log", "10.0.0.5.log")) {
            Files.writeString(dir.resolve(name), "");
        }
        // When
        List<Path> numbered = ReplayOrder.rotationsOf(dir.resolve("fw.log"));
        List<Path> extension = ReplayOrder.rotationsOf(dir.resolve("pve-firewall.log"));
        // Then
        assertThat(numbered).extracting(p -> p.getFileName().toString())
                .containsExactly("fw.log.2.gz", "fw.log.1.gz", "fw.log.0");
        assertThat(extension).extracting(p -> p.getFileName().toString())
                .containsExactly("pve-firewall.2.log.gz", "pve-firewall.1.log", "pve-firewall-20261127.log.gz");
    }

    @Test
    void the_rotated_files_of_a_symbolic_link_are_found_beside_the_file_it_points_to() throws Exception {
        // Given /l/log/pve-firewall.log -> ../real/fw.log, rotated beside its target
        Path real = Files.createDirectory(dir.resolve("real"));
        Path log = Files.createDirectory(dir.resolve("log"));
        for (String name : List.of("fw.log", "fw.log.1", "fw.log.2.gz", "fw.log.2")) {
            Files.writeString(real.resolve(name), "");
        }
        Files.createSymbolicLink(log.resolve("pve-firewall.log"), Path.of("../real/fw.log"));
        Files.writeString(log.resolve("pve-firewall.log.3.gz"), "");
        // When
        List<Path> rotated = ReplayOrder.rotationsOf(log.resolve("pve-firewall.log"));
        // Then: beside the target, and beside the link too, by age
        assertThat(rotated).extracting(p -> p.getParent().getFileName() + "/" + p.getFileName())
                .containsExactly("log/pve-firewall.log.3.gz", "real/fw.log.2", "real/fw.log.2.gz", "real/fw.log.1");
    }

    @Test
    void pacing_reads_multiples_and_refuses_nonsense() {
        assertThat(Pacing.parse("10x").paced()).isTrue();
        assertThat(Pacing.parse("max").paced()).isFalse();
        assertThatThrownBy(() -> Pacing.parse("fast")).hasMessageContaining("10x");
        assertThatThrownBy(() -> Pacing.parse("-2x")).hasMessage("must be a multiple above 0 such as 10x or 0.5x, or max, was '-2x'");
        assertThatThrownBy(() -> Pacing.parse("0x")).hasMessageEndingWith("was '0x'");
        assertThatThrownBy(() -> Pacing.parse("Infinityx")).hasMessageEndingWith("was 'Infinityx'");
    }
}
