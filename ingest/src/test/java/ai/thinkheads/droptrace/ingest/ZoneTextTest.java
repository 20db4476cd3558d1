package ai.thinkheads.droptrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZoneTextTest {

    @Test
    void offsets_are_written_as_pve_writes_them_whatever_came_before() {
        // Given offsets east and west of UTC, with half and three-quarter hours, repeated and alternating
        int[] seconds = {3600, 3600, -19800, 0, 20700, -43200, 50400, 3600};
        String[] expected = {"+0100", "+0100", "-0530", "+0000", "+0545", "-1200", "+1400", "+0100"};
        for (int k = 0; k < seconds.length; k++) {
            // When
            String text = ZoneText.of(seconds[k]);
            // Then
            assertThat(text).as("offset %d s", seconds[k]).isEqualTo(expected[k]);
        }
    }
}
