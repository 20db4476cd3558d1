package ai.thinkheads.droptrace.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnparsedLineTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-20T12:00:00Z");

    @Test
    void a_dead_letter_keeps_the_start_of_a_very_long_line_and_says_so() throws Exception {
        // Given a 3 MB line of control characters (each 6 bytes escaped in JSON)
        String line = "\u0001".repeat(3_000_000);
        // When
        UnparsedLine dead = UnparsedLine.of(RECEIVED, "not a firewall line", line, Origin.of("f.log", 9));
        byte[] json = Json.events().writeValueAsBytes(dead);
        // Then: well inside the 1 MiB a Kafka record may have
        assertThat(dead.line()).hasSize(UnparsedLine.MAX_LINE_CHARS).isEqualTo(line.substring(0, 65_536));
        assertThat(dead.reason()).isEqualTo("not a firewall line (only its first 65,536 characters kept)");
        assertThat(json.length).isLessThan(512 * 1024);
        // And read back it stays as it is
        UnparsedLine back = Json.events().readValue(json, UnparsedLine.class);
        assertThat(back).isEqualTo(dead);
    }

    @Test
    void a_dead_letter_keeps_the_start_of_a_very_long_reason_and_says_so() throws Exception {
        // Given a reason that quotes a 1 MB key part of a record, and a long line
        String reason = "not a firewall event: key part must not contain '|': " + "\u0001".repeat(1_000_000) + "|";
        // When
        UnparsedLine dead = UnparsedLine.of(RECEIVED, reason, "z".repeat(70_000), Origin.of("t-0", 4));
        byte[] json = Json.events().writeValueAsBytes(dead);
        // Then: the record stays well inside the 1 MiB a Kafka record may have, and says what was cut
        assertThat(dead.reason()).startsWith(reason.substring(0, 2_048))
                .endsWith("... (a reason of 1,000,054 characters: only its first 2,048 kept)"
                        + " (only its first 65,536 characters kept)")
                .hasSizeLessThan(UnparsedLine.MAX_REASON_CHARS);
        assertThat(json.length).isLessThan(512 * 1024);
        // And read back it stays as it is
        assertThat(Json.events().readValue(json, UnparsedLine.class)).isEqualTo(dead);
    }

    @Test
    void a_reason_up_to_the_limit_is_kept_whole() {
        String reason = "r".repeat(UnparsedLine.MAX_REASON_CHARS);
        assertThat(UnparsedLine.of(RECEIVED, reason, "x", Origin.of("f.log", 1)).reason()).isSameAs(reason);
    }

    @Test
    void a_line_up_to_the_limit_is_kept_whole() {
        String line = "y".repeat(UnparsedLine.MAX_LINE_CHARS);
        UnparsedLine dead = UnparsedLine.of(RECEIVED, "no netfilter fields", line, Origin.of("f.log", 1));
        assertThat(dead.line()).isSameAs(line);
        assertThat(dead.reason()).isEqualTo("no netfilter fields");
    }

    @Test
    void the_bytes_of_a_line_that_was_not_utf8_are_kept_as_base64_and_read_back_equal() throws Exception {
        byte[] latin1 = {'G', 'r', (byte) 0xfc, (byte) 0xdf, 'e'};
        UnparsedLine dead = UnparsedLine.of(RECEIVED, "no netfilter fields", "Gr\uFFFD\uFFFDe", Origin.of("udp://h", 3),
                latin1);

        String json = Json.events().writeValueAsString(dead);

        assertThat(json).contains("\"bytes\":\"R3L832U=\"");
        UnparsedLine back = Json.events().readValue(json, UnparsedLine.class);
        assertThat(back).isEqualTo(dead);
        assertThat(back.bytes()).isEqualTo(latin1);
        assertThat(back).isNotEqualTo(UnparsedLine.of(RECEIVED, "no netfilter fields", "Gr\uFFFD\uFFFDe",
                Origin.of("udp://h", 3), new byte[] {'G', 'r', (byte) 0xfd, (byte) 0xdf, 'e'}));
    }

    @Test
    void the_bytes_of_a_line_read_as_it_was_are_not_kept() throws Exception {
        UnparsedLine dead = UnparsedLine.of(RECEIVED, "no netfilter fields", "caf\u00e9", Origin.of("f.log", 1),
                "caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(dead.bytes()).isNull();
        assertThat(Json.events().writeValueAsString(dead)).doesNotContain("bytes");
    }
}
