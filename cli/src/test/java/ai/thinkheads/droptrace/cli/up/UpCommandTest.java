package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;

class UpCommandTest {

    @Test
    void up_without_its_configuration_file_says_so_in_one_line() {
        // When
        CliRun run = CliRun.of("up", "--config", "/no/such/up.yaml");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().strip()).endsWith("/no/such/up.yaml: no such file").doesNotContain("\n");
    }
}
