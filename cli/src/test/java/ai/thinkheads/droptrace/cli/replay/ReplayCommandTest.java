package ai.thinkheads.droptrace.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    @Test
    void a_max_wait_of_centuries_is_a_usage_error_not_an_overflow(@TempDir Path dir) throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve("pve-firewall.log"), "");
        // When: more nanoseconds than a long holds (292 years)
        CliRun run = CliRun.of("replay", file.toString(), "--speed", "2x", "--max-wait", "300000d");
        // Then: said before a broker starts
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).startsWith("droptrace: --max-wait must be at most 365 days")
                .doesNotContain("overflow").doesNotContain("\n");
    }
}
