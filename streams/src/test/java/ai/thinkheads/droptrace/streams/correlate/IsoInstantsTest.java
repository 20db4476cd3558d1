package ai.thinkheads.droptrace.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    @Test
    void every_shape_instant_to_string_writes_reads_as_instant_parse_reads_it() {
        // Given: whole seconds, fractions of 1 to 9 digits, a leap day, the epoch, dates before it
        String[] texts = {"2025-11-20T14:01:12Z", "2025-11-20T14:01:12.3Z", "2025-11-20T14:01:12.34Z",
            "2025-11-20T14:01:12.345Z", "2025-11-20T14:01:12.345678Z", "2025-11-20T14:01:12.123456789Z",
            "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.500Z", "0001-01-01T00:00:00Z"};
        for (String text : texts) {
            // Then
            assertThat(IsoInstants.epochMillis(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
            assertThat(IsoInstants.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (int i = 0; i < 2000; i++) {
            Instant t = Instant.ofEpochMilli(1_700_000_000_000L + i * 7_919_993L + i % 1000);
            assertThat(IsoInstants.epochMillis(t.toString())).isEqualTo(t.toEpochMilli());
            Instant nanos = t.plusNanos(i * 7_919L);
            assertThat(IsoInstants.instant(nanos.toString())).isEqualTo(nanos);
        }
    }

    @Test
    void other_texts_give_what_instant_parse_gives_or_fail_as_it_fails() {
        // Given: an offset instead of Z, hour 24, a leap second, and texts that are no instant
        String[] texts = {"2025-11-20T15:01:12.345+01:00", "2025-11-20T24:00:00Z", "2025-12-31T23:59:60Z",
            "yesterday", "2025-02-30T00:00:00Z", "2025-11-20T14:01:12.Z", "2025-11-2OT14:01:12Z",
            "2025-11-20T14:01:12.1234567890Z", "+12025-11-20T14:01:12Z"};
        for (String text : texts) {
            Long expected;
            try {
                expected = Instant.parse(text).toEpochMilli();
            } catch (DateTimeException e) {
                expected = null;
            }
            // Then
            if (expected == null) {
                assertThatThrownBy(() -> IsoInstants.epochMillis(text)).as(text).isInstanceOf(DateTimeException.class);
                assertThatThrownBy(() -> IsoInstants.instant(text)).as(text).isInstanceOf(DateTimeException.class);
            } else {
                assertThat(IsoInstants.epochMillis(text)).as(text).isEqualTo(expected);
                assertThat(IsoInstants.instant(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
    }
}
