package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void durations_read_as_people_write_them() {
        assertThat(DurationConverter.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anything_else_is_refused_with_the_forms_that_work() {
        for (String bad : new String[] {"", "1", "h", "1x", "1h 2m", "-5m", "P1Q"}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad)
                    .isInstanceOf(TypeConversionException.class).hasMessageContaining("90s, 15m, 1h30m");
        }
    }

    @Test
    void a_negative_iso_duration_or_one_too_large_to_hold_is_refused_with_the_forms_that_work() {
        for (String bad : new String[] {"PT-1H", "P-2D", "999999999999999999999h", "9223372036854775807d"}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad)
                    .isInstanceOf(TypeConversionException.class).hasMessageContaining("90s, 15m, 1h30m");
        }
    }
}
