package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class PollIntervalTest {

    private final PollInterval poll = new PollInterval();

    @Test
    void a_duration_is_read_as_every_other_option_reads_one() {
        assertThat(poll.convert("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(poll.convert("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(poll.convert("PT0.05S")).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void a_number_alone_is_still_milliseconds() {
        assertThat(poll.convert("20")).isEqualTo(Duration.ofMillis(20));
        assertThat(poll.convert("60000")).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0ms", "61s", "2m", "60001", "99999999999999999999"})
    void outside_one_millisecond_to_a_minute_is_refused_as_written(String text) {
        assertThatThrownBy(() -> poll.convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + text + "' is out of range: 1ms to 60s (the pause between looks at the file; a number "
                        + "alone is milliseconds)");
    }

    @Test
    void text_that_is_no_duration_says_how_to_write_one() {
        assertThatThrownBy(() -> poll.convert("fast")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'fast' is not a duration");
    }
}
