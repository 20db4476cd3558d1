package ai.thinkheads.droptrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The ingest harnesses leave nothing behind: their work directory goes when they end. */
class BenchWorkDirTest {

    @Test
    void closing_deletes_the_directory_with_everything_written_into_it() throws Exception {
        // Given
        Path dir;
        try (BenchWorkDir work = BenchWorkDir.create("droptrace-bench-workdir-test-")) {
            dir = work.path();
            Files.createDirectories(work.resolve("kafka/kraft-logs/topic-0"));
            Files.writeString(work.resolve("kafka/kraft-logs/topic-0/00000000000000000000.log"), "records");
            Files.writeString(work.resolve("pve-firewall.log"), "100 6 tap100i0-IN 14/Mar/2025:09:12:44 +0100 DROP\n");
            assertThat(dir).isDirectory();

            // When: the harness ends (close)
        }

        // Then
        assertThat(dir).doesNotExist();
    }

    @Test
    void closing_twice_or_after_the_directory_is_gone_is_harmless() throws Exception {
        // Given
        BenchWorkDir work = BenchWorkDir.create("droptrace-bench-workdir-test-");
        BenchWorkDir.deleteRecursively(work.path());

        // When
        work.close();
        work.close();

        // Then
        assertThat(work.path()).doesNotExist();
    }
}
