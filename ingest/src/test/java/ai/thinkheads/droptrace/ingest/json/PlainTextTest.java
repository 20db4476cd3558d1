package ai.thinkheads.droptrace.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void a_single_byte_that_is_not_plain_is_found_wherever_it_is() {
        // Given every byte value at every position of lines of several lengths
        for (int length = 1; length <= 24; length++) {
            for (int at = 0; at < length; at++) {
                for (int value = 0; value < 256; value++) {
                    byte[] line = "abcdefghijklmnopqrstuvwxyz".substring(0, length).getBytes();
                    line[at] = (byte) value;
                    boolean expected = value >= 0x20 && value < 0x80 && value != '"' && value != '\\';
                    // When / Then
                    assertThat(PlainText.isPlain(line, 0, length)).as("byte %d at %d of %d", value, at, length)
                            .isEqualTo(expected);
                }
            }
        }
    }
}
