package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.cli.CliRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SinceOptionsTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void without_either_option_the_whole_topic_is_read() {
        assertThat(new SinceOptions().start(NOW)).isNull();
    }

    @Test
    void since_counts_back_from_now_and_from_is_taken_as_given() {
        // Given
        SinceOptions since = new SinceOptions();
        since.since = Duration.ofMinutes(90);
        SinceOptions from = new SinceOptions();
        from.from = Instant.parse("2025-11-20T14:00:00Z");
        // When / Then
        assertThat(since.start(NOW)).isEqualTo(Instant.parse("2026-11-26T06:30:00Z"));
        assertThat(from.start(NOW)).isEqualTo(Instant.parse("2025-11-20T14:00:00Z"));
    }

    @Test
    void a_start_before_1970_reads_the_whole_topic_instead_of_failing() {
        // Given
        SinceOptions longAgo = new SinceOptions();
        longAgo.since = Duration.ofDays(99_999_999);
        SinceOptions longest = new SinceOptions();
        longest.since = Duration.ofSeconds(Long.MAX_VALUE);
        SinceOptions sixties = new SinceOptions();
        sixties.from = Instant.parse("1960-01-01T00:00:00Z");
        // When / Then
        assertThat(longAgo.start(NOW)).isNull();
        assertThat(longest.start(NOW)).isNull();
        assertThat(sixties.start(NOW)).isNull();
    }

    @Test
    void both_options_together_are_a_usage_error() {
        SinceOptions both = new SinceOptions();
        both.since = Duration.ofHours(1);
        both.from = Instant.parse("2025-11-20T14:00:00Z");
        assertThatThrownBy(() -> both.start(NOW)).isInstanceOf(UserException.class).hasMessageContaining("not both");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alerts", "verdicts"})
    void the_topic_commands_refuse_since_with_from_in_one_line_before_any_kafka_is_started(String command) {
        // When
        CliRun run = CliRun.of(command, "--since", "1h", "--from", "2025-11-20T14:00:00Z");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("give --since or --from, not both");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alerts", "verdicts"})
    void a_from_that_is_not_a_time_is_one_line_with_an_example(String command) {
        // When
        CliRun run = CliRun.of(command, "--from", "yesterday");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("'yesterday' is not a time").contains("2025-11-20T14:00:00Z")
                .doesNotContain("Exception");
    }
}
