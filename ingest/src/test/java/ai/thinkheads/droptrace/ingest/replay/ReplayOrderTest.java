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
    void pacing_reads_multiples_and_refuses_nonsense() {
        assertThat(Pacing.parse("10x").paced()).isTrue();
        assertThat(Pacing.parse("max").paced()).isFalse();
        assertThatThrownBy(() -> Pacing.parse("fast")).hasMessageContaining("10x");
        assertThatThrownBy(() -> Pacing.parse("-2x")).hasMessage("must be a multiple above 0 such as 10x or 0.5x, or max, was '-2x'");
        assertThatThrownBy(() -> Pacing.parse("0x")).hasMessageEndingWith("was '0x'");
        assertThatThrownBy(() -> Pacing.parse("Infinityx")).hasMessageEndingWith("was 'Infinityx'");
    }
}
