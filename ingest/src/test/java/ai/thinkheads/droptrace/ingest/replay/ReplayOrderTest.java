package ai.thinkheads.droptrace.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayOrderTest {

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
    void pacing_reads_multiples_and_refuses_nonsense() {
        assertThat(Pacing.parse("10x").paced()).isTrue();
        assertThat(Pacing.parse("max").paced()).isFalse();
        assertThatThrownBy(() -> Pacing.parse("fast")).hasMessageContaining("10x");
        assertThatThrownBy(() -> Pacing.parse("-2x")).hasMessage("must be a multiple above 0 such as 10x or 0.5x, or max, was '-2x'");
        assertThatThrownBy(() -> Pacing.parse("0x")).hasMessageEndingWith("was '0x'");
        assertThatThrownBy(() -> Pacing.parse("Infinityx")).hasMessageEndingWith("was 'Infinityx'");
    }
}
