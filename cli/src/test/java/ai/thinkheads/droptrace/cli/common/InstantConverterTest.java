package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class InstantConverterTest {

    private final InstantConverter converter = new InstantConverter();

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-20T14:00:00Z", "2025-11-20T09:00:00-05:00", "2025-11-20 14:00:00Z",
        "2025-11-20 15:00:00+01:00", " 2025-11-20 14:00:00.000+00:00 "})
    void a_time_with_its_zone_is_read_with_a_t_or_a_space_between_date_and_time_as_rfc_3339_writes_it(String text) {
        // When / Then: the space is how 'date --rfc-3339=seconds' writes it
        assertThat(converter.convert(text)).isEqualTo(Instant.parse("2025-11-20T14:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-20 14:00:00", "2025-11-20T14:00", "2025-11-20"})
    void a_time_without_a_zone_is_refused_saying_how_to_write_it_in_utc_or_with_its_offset(String text) {
        // When / Then: which zone it meant is not known
        String local = text.length() == 10 ? "2025-11-20T00:00:00" : "2025-11-20T14:00:00";
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + text + "' has no zone offset: write " + local + "Z for UTC, or add the offset of "
                        + "its zone, like " + local + "-05:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "14:00", "2025-11-31T14:00:00Z", "2025-11-20 14:00:00 UTC"})
    void anything_else_is_no_time(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + text + "' is not a time; write it in ISO-8601 like 2025-11-20T14:00:00Z or "
                        + "2025-11-20T09:00:00-05:00");
    }
}
