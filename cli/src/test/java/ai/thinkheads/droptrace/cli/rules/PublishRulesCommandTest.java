package ai.thinkheads.droptrace.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;

class PublishRulesCommandTest {

    @Test
    void a_directory_that_is_not_there_is_a_configuration_error_before_kafka_is_touched() {
        // When
        CliRun run = CliRun.of("rules", "publish", "--config-dir", "/no/such/pve");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).contains("/no/such/pve is not a directory").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }
}
