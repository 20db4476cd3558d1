package ai.thinkheads.droptrace.cli.unparsed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnparsedTextTest {

    @Test
    void a_long_line_is_cut_after_400_characters_without_splitting_an_emoji_in_two() {
        // Given: a dead letter whose 400th and 401st characters are emoji (two UTF-16 units each)
        String emoji = "\ud83d\udd25";
        String line = "x".repeat(399) + emoji + emoji + "y".repeat(9);
        UnparsedLine dead = UnparsedLine.of(Instant.parse("2026-11-28T09:00:00Z"), "not a firewall line", line,
                new Origin("fw.log", 1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // When: printed through a UTF-8 writer, as to stdout
        try (PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
            UnparsedCommand.print(out, dead);
        }

        // Then: the cut falls after the first emoji, whole, and the rest is counted in characters
        String shown = bytes.toString(StandardCharsets.UTF_8).lines().toList().get(1);
        assertThat(shown).doesNotContain("?")
                .isEqualTo("    " + "x".repeat(399) + emoji + " ... (10 more characters)");
    }
}
