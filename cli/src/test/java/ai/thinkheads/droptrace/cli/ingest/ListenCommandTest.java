package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options of {@code ingest listen} that are wrong are usage errors before any broker starts. */
class ListenCommandTest {

    @ParameterizedTest
    @CsvSource({
        "--tcp, 99999, --udp, 0, '--tcp 99999 is not a port (0-65535; 0 picks a free one)'",
        "--udp, -1, --tcp, 0, '--udp -1 is not a port (0-65535; 0 picks a free one)'",
        "--bind, not an address!, --tcp, 0, '--bind ''not an address!'' is not an address'"})
    void a_bad_port_or_bind_address_is_a_usage_error_and_starts_nothing(String option, String value, String other,
            String otherValue, String message) {
        // When: no --bootstrap-servers, so the embedded broker would start if the options got that far
        CliRun run = CliRun.of("ingest", "listen", option, value, other, otherValue);

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(message).doesNotContain("Started an embedded Kafka broker");
    }
}
